"""Name search (icontains: UPPER(column) LIKE UPPER('%text%')) by trigram indexes on PostgreSQL.
A model's indexes cannot say "only on PostgreSQL", so migrations make these (0010, and the
squashed 0001 for a new database); SQLite, which has no such index, keeps its plain scan."""

TRIGRAM_INDEXES = {
    "registry_jurisdiction": ["name_en", "name_zh", "name_local", "aliases", "slug", "iso_3166_2"],
    "registry_exchangeactivity": ["title_en", "title_zh", "description_en", "description_zh", "place"],
    "registry_pairing": ["slug"],  # the admin's pair search
}


def trigram_index_name(table, column):
    return f"{table.removeprefix('registry_')[:12]}_{column}_trgm"


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in TRIGRAM_INDEXES.items():
        for column in columns:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {trigram_index_name(table, column)} "
                f"ON {table} USING gin (UPPER({column}::text) gin_trgm_ops)"
            )
        # Statistics of the indexed expressions: without them the planner guesses that a name
        # matches a thousand places and reads every pair instead of looking the few up.
        schema_editor.execute(f"ANALYZE {table}")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in TRIGRAM_INDEXES.items():
        for column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {trigram_index_name(table, column)}")
