-- Uploads over PostgreSQL (POST /api/docs on any server): the uploaded file's bytes are kept in the
-- database (servers share no file system), and its documents are marked as uploads, which
-- `npm run index` leaves alone (the corpus folder is the indexer's truth for every other document).
-- uploads is small and collection-wide (one row per uploaded file): a reference table under Citus.
ALTER TABLE documents ADD COLUMN origin text NOT NULL DEFAULT 'corpus';

CREATE TABLE uploads (
  path      text        NOT NULL PRIMARY KEY,   -- uploads/<name>, as the embedded store places it
  sha256    text        NOT NULL,
  bytes     bytea       NOT NULL,
  meta      jsonb,                              -- the catalog entry the request gave
  added_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX uploads_sha256 ON uploads (sha256);
