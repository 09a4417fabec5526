"""search.engines.base.Engine inside PostgreSQL: the same tokens as every engine
(search.analysis: Han bigrams with positions, Latin words) in a tsvector column, symbols
and cited symbols as prefixed lexemes in it, ranked with RUM when the extension is there
(GIN and ts_rank over a bounded set of matches when it is not)."""
