# Bump when a parser change alters what is extracted from the same file: the ingest
# command then re-ingests files whose checksum has not changed.
PARSER_VERSION = "3"
