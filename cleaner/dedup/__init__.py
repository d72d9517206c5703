"""Near-duplicate detection: MinHash fingerprints with LSH banding, persisted in the archive.

- `cleaner.dedup.minhash`: shingles, signatures, band layout — pure maths, no database;
- `cleaner.dedup.index`: `NearDuplicateIndex`, the LSH buckets in the archive's SQLite tables;
- `cleaner.dedup.clusters`: the clusters of near duplicates the archive holds.
"""
