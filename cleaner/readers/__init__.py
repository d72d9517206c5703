"""Inputs → RawDocument: files, folders, gzip, JSON / JSONL records, WARC and standard input.

`iter_documents` streams: one file (or one JSONL line, one WARC record) in memory at a time.
Anything that cannot become a document is yielded as a `ReadError` naming the source and the
reason in one line, and reading goes on with the next input. `read_document` reads the single
document of `cleaner clean` within the same limits. Decoding bytes to text is not done here
(that is `cleaner.decode`); a reader only finds, bounds and labels the bytes.

One module per concern, in the manner of datatrove's readers:

- `options`: `ReaderOptions` (the limits) and the file-name → format table
- `messages`: `ReadError` and the one-line reasons
- `walk`: folder walking and the symbolic-link policy
- `files`: opening files; the size, gzip and decompressed-size caps
- `content`: the checks a document's bytes pass (empty, whitespace only, line length)
- `records`: JSON and JSON Lines records
- `warc`: WARC records
- `stdin`: standard input
- `documents`: `iter_documents` and `read_document`, where the others meet
"""

from cleaner.readers.documents import iter_documents, read_document
from cleaner.readers.messages import ReadError
from cleaner.readers.options import ReaderOptions

__all__ = ["ReadError", "ReaderOptions", "iter_documents", "read_document"]
