"""Dataset records for ``explain4j attribute-dataset``: jsonl, csv, parquet or a saved
Hugging Face dataset, read into plain rows (dicts of str/int/float/bool/None/list/dict).

``read_records`` returns ``{"format", "columns", "rows", "errors"}``: ``rows`` is a list of
``[index, row]`` (index = the record's 0-based position in the source, malformed records
included, so indices stay stable when a bad line is fixed), ``errors`` a list of
``[index, line_number, message]`` for records that could not be read.
"""

import csv
import datetime
import decimal
import json
import os

from .errors import InvalidInput

FORMATS = ("jsonl", "csv", "parquet", "hf")


def detect_format(path):
    """The format from the path: a directory is a saved Hugging Face dataset."""
    if os.path.isdir(path):
        return "hf"
    name = path.lower()
    for ext, fmt in (
        (".jsonl", "jsonl"),
        (".ndjson", "jsonl"),
        (".csv", "csv"),
        (".parquet", "parquet"),
        (".pq", "parquet"),
    ):
        if name.endswith(ext):
            return fmt
    raise InvalidInput(
        f"unknown dataset format for {path}: use a .jsonl, .csv or .parquet file, a saved "
        f"Hugging Face dataset directory, or --format {'|'.join(FORMATS)}"
    )


def _plain(v):
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, (datetime.date, datetime.time, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return str(v)


def _jsonl(path, limit):
    rows, errors, columns, index = [], [], {}, 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, start=1):
            if limit is not None and index >= limit:
                break
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError(f"a JSON {type(row).__name__}, not an object")
            except ValueError as e:
                errors.append([index, lineno, f"line {lineno}: not a JSON object ({e})"])
            else:
                rows.append([index, _plain(row)])
                columns.update(dict.fromkeys(row))
            index += 1
    return list(columns), rows, errors


def _csv(path, limit):
    rows = []
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        reader = csv.DictReader(f)
        columns = list(reader.fieldnames or [])
        for index, row in enumerate(reader):
            if limit is not None and index >= limit:
                break
            rows.append([index, {k: v for k, v in row.items() if k is not None}])
    return columns, rows, []


def _parquet(path, limit):
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    if limit is not None:
        table = table.slice(0, limit)
    return table.column_names, [[i, _plain(r)] for i, r in enumerate(table.to_pylist())], []


def _hf(path, split, limit):
    try:
        import datasets
    except ImportError:
        raise InvalidInput(
            f"{path} is a directory (a saved Hugging Face dataset), but the Python package "
            "'datasets' is not installed in explain4j's environment; install it, or export "
            "the dataset to jsonl, csv or parquet"
        ) from None
    ds = datasets.load_from_disk(path)
    if isinstance(ds, datasets.DatasetDict):
        if split is None:
            split = "train" if "train" in ds else next(iter(ds))
        if split not in ds:
            raise InvalidInput(f"no split '{split}' in {path}; splits: {', '.join(ds)}")
        ds = ds[split]
    if limit is not None:
        ds = ds.select(range(min(limit, len(ds))))
    return list(ds.column_names), [[i, _plain(r)] for i, r in enumerate(ds)], []


def read_records(path, fmt=None, split=None, limit=None):
    """Reads the records of ``path`` (see the module docstring)."""
    if not os.path.exists(path):
        raise InvalidInput(f"no dataset at {path}")
    fmt = (fmt or detect_format(path)).lower()
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown dataset format '{fmt}' for {path}; use one of " + ", ".join(FORMATS))
    if split is not None and fmt != "hf":
        raise InvalidInput(f"--split {split} applies to Hugging Face datasets, not {fmt} files like {path}")
    try:
        if fmt == "jsonl":
            columns, rows, errors = _jsonl(path, limit)
        elif fmt == "csv":
            columns, rows, errors = _csv(path, limit)
        elif fmt == "parquet":
            columns, rows, errors = _parquet(path, limit)
        else:
            columns, rows, errors = _hf(path, split, limit)
    except (OSError, UnicodeError, csv.Error) as e:
        raise InvalidInput(f"cannot read {path} as {fmt}: {e}") from e
    except Exception as e:
        if type(e).__module__.startswith("pyarrow"):
            raise InvalidInput(f"cannot read {path} as {fmt}: {e}") from e
        raise
    return {"format": fmt, "columns": columns, "rows": rows, "errors": errors}


def write_parquet(path, rows):
    """Writes a list of dicts as a Parquet file (tests use it to make inputs)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), path)
    return len(rows)
