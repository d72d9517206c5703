"""Cleaning on a Dask cluster (the optional `cleaner[dask]` dependencies): inputs are cleaned
on many machines into Parquet shards, and the shards are merged into one archive by the single
writer of `cleaner ingest`.

- `inputs`: inputs (files, folders, globs) → shard tasks, in `ingest`'s reading order;
- `manifest`: the job's identity and settings beside its shards (`_job.json`, `_rules/`);
- `rows`: the shard schema; a prepared document as a row and back;
- `shards`: writing shards atomically, reading and checking them;
- `prepare`: a reader's document → a row, with `ingest`'s cleaning worker;
- `worker`: one shard task in a cleaning process;
- `cluster`: the Dask client and the worker plugin that starts the cleaning processes;
- `job`: the driver of `cleaner distributed clean`;
- `merge`: shards → archive (`cleaner distributed merge`);
- `api`: `clean_partition`, for your own `map_partitions`.

It needs the optional `cleaner[dask]` dependencies: pyarrow for the shards, dask.distributed
for the cluster side (`cluster`, `job`); nothing else in `cleaner` imports this package.
"""

from cleaner.distributed.api import clean_partition
from cleaner.distributed.shards import write_shard

__all__ = ["clean_partition", "write_shard"]
