"""File conversions the Java side delegates to pyarrow."""

import os

from .errors import InvalidInput


def arrow_to_parquet(arrow_path, parquet_path):
    """Convert an Arrow IPC file to Parquet, writing a temporary file then renaming it."""
    import pyarrow.ipc as ipc
    import pyarrow.parquet as pq

    if not os.path.isfile(arrow_path):
        raise InvalidInput(f"no Arrow file at {arrow_path}")
    with ipc.open_file(arrow_path) as reader:
        table = reader.read_all()
    tmp = f"{parquet_path}.tmp-{os.getpid()}"
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, parquet_path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return table.num_rows
