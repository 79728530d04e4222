"""The model of a published package, which every stage that writes or reads one shares: the
tables and their Table Schemas (`tables`, `descriptors`), the descriptor and its reader
(`descriptors`), the swap that replaces a publication and heals a cut one (`swap`), the
archive of earlier versions (`archive`) and the sources the rows cite (`cited_sources`)."""
