"""Ingest's pandas peer: one CSV into one table of a learnloop database, as `learnloop ingest --table T FILE` does.

pandas read_csv with the table's column types (integers, reals, text), then to_sql appending inside one transaction
(a failed row rolls the whole file back, as in learnloop). The table's own CHECK and key constraints are what refuses
bad rows here; learnloop also lists them by line, which this peer does not. Run with Debian's /usr/bin/python3:
    /usr/bin/python3 bench/peers/ingest_pandas.py --db DB --table outcomes FILE.csv
"""
import argparse
import sqlite3

import pandas as pd

SQL_TYPES = {"INTEGER": "int64", "REAL": "float64"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--table", required=True)
    parser.add_argument("file")
    args = parser.parse_args()
    con = sqlite3.connect(args.db, isolation_level=None)
    declared = {name: kind.upper() for _, name, kind, *_ in con.execute(f'PRAGMA table_info("{args.table}")')}
    header = pd.read_csv(args.file, nrows=0).columns
    unknown = [c for c in header if c not in declared]
    if unknown:
        raise SystemExit(f"table '{args.table}' has no column(s) {', '.join(unknown)}")
    dtypes = {c: SQL_TYPES.get(declared[c], "string") for c in header}
    frame = pd.read_csv(args.file, dtype=dtypes, keep_default_na=False, na_values=[""])
    # One transaction: pandas commits the one this opens when to_sql has written every chunk.
    con.execute("BEGIN IMMEDIATE")
    try:
        frame.to_sql(args.table, con, if_exists="append", index=False, chunksize=100_000)
    except Exception:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    if con.in_transaction:
        con.execute("COMMIT")
    print(f"{len(frame)} rows into {args.table}")


if __name__ == "__main__":
    main()
