"""The store layer: the only code that opens DuckDB and holds SQL.

One module per domain, each a set of named queries with parameters; callers import the module they need
(`from workbench.store import articles as article_store`):

- `connection`: opening a file (lock retry with backoff), transactions, `query`/`scalar` helpers and Arrow bulk
  writes (`insert_columns`);
- `schema`: the tables as numbered migrations; `reference`: `initialize` (migrate + shipped reference data);
- `articles`, `actors`, `events`, `settings`, `users`, `queries`, `claimreview`, ...: one per table family;
- matching's tables: `mentions` (what a match index is built from, a placed batch, moves), `claims` (new,
  merged and retired claims, their dates), `decisions` (match decisions, suggestions, reviewers' pair
  judgements), `matching` (the desk's decision models), `vocabulary` (the desk's own synonyms);
- the dashboard's reads: `browse`, `sources`, `review`, `paging`, `tables`, `exports`; `sandbox`: the SQL
  console's locked-down connection; `backup`.
"""
