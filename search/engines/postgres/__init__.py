"""search.engines.base.Engine inside PostgreSQL: the same tokens as every engine
(search.analysis: Han bigrams with positions, Latin words) in a tsvector column with a GIN
index, symbols and cited symbols as prefixed lexemes in it, ranked with ts_rank over a
bounded set of matches."""
