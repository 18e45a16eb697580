#!/usr/bin/env bash
# Ingest's sqlite3-shell peer: the shell's `.import` of one CSV into a staging table (all TEXT), then one
# INSERT ... SELECT into the real table with each column cast to its declared type, in one transaction (a row the
# table's constraints refuse rolls everything back). Usage: bench/peers/ingest_sqlite3.sh DB TABLE FILE.csv
set -euo pipefail
db=$1 table=$2 file=$3
columns=$(head -1 "$file" | tr -d '\r')
select=$(sqlite3 "$db" "SELECT group_concat(CASE WHEN upper(type) IN ('INTEGER', 'REAL')
  THEN 'CAST(nullif(\"' || name || '\", '''') AS ' || upper(type) || ')' ELSE 'nullif(\"' || name || '\", '''')' END, ', ')
  FROM pragma_table_info('$table') WHERE instr(',' || '$columns' || ',', ',' || name || ',') > 0
  ORDER BY instr(',' || '$columns' || ',', ',' || name || ',')")
sqlite3 "$db" <<SQL
.bail on
BEGIN IMMEDIATE;
.import --csv --schema temp $file staging_raw
INSERT INTO "$table" ($columns) SELECT $select FROM temp.staging_raw;
COMMIT;
SQL
