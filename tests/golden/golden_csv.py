"""CSV writing shared by the golden generators under tests/golden/ (store/, content/)."""
import csv
import os


def write_csv(directory, name, rows):
    """Writes `rows` (dicts with the same keys) to directory/name with a header line and \\n endings."""
    with open(os.path.join(directory, name), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
