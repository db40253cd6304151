-- The index of a corpus in PostgreSQL (issue 16). Distributed by document: every table that grows
-- with the corpus carries doc_key and has it in its primary key, so Citus can shard them all by
-- doc_key (create_distributed_table(..., 'doc_key', colocate_with => 'documents')) without changes.
-- The two small tables without it (files: the loader's manifest; term_stats, collection: collection-wide
-- figures) are reference tables (create_reference_table): copied to every node.

CREATE TABLE documents (
  doc_key      integer NOT NULL PRIMARY KEY,
  -- Corpus order (what ties in document order mean); renumbered by each load, postings never move.
  position     integer NOT NULL,
  id           text    NOT NULL,
  content_hash text    NOT NULL,
  title        text    NOT NULL,
  doc_number   text,
  issuer       text,
  date         text,
  type         text,
  region       text,
  level        text    NOT NULL,
  status       text    NOT NULL,
  -- The DocumentRecord without its editions (they are rows of editions).
  record       jsonb   NOT NULL
);
CREATE INDEX documents_id ON documents (id);

CREATE TABLE editions (
  doc_key  integer NOT NULL,
  ed       integer NOT NULL,          -- place among the document's editions (primary first)
  id       text    NOT NULL,
  text     text    NOT NULL,
  outline  jsonb   NOT NULL,
  -- The Edition without text, outline and passages.
  record   jsonb   NOT NULL,
  PRIMARY KEY (doc_key, ed)
);

-- Passages of a document in reading order, edition by edition: `local` is the passage's place in its
-- document; a server's ordinal is the document's first ordinal (by position) + local.
CREATE TABLE passages (
  doc_key      integer  NOT NULL,
  local        integer  NOT NULL,
  id           text     NOT NULL,
  ed           integer  NOT NULL,
  seq          integer  NOT NULL,
  kind         text     NOT NULL,
  path         jsonb    NOT NULL,      -- HeadingRef[] outermost first
  start_at     integer  NOT NULL,      -- [start_at, end_at) into the edition's text
  end_at       integer  NOT NULL,
  text         text,                   -- NULL: the edition text's slice (the usual case)
  counterparts text[]   NOT NULL,
  squeezed     text     NOT NULL,      -- folded, whitespace-free: what literal checks and ranking read
  words        integer  NOT NULL,      -- length in analyzer words (BM25)
  PRIMARY KEY (doc_key, local)
);
CREATE INDEX passages_id ON passages (id);

-- Character grams of word characters, one row per (gram, document): a unigram is its UTF-16 code
-- unit, a bigram c1 * 65536 + c2 (as index/gram-layout.ts). locals: uint32 LE passage locals,
-- ascending; counts: uint8 non-overlapping occurrences per passage (capped at 255). A term of one or
-- two characters is its own gram: its rows are its exact postings and counts. A longer literal's
-- candidates are the intersection of its bigrams' rows; each candidate is proven against its
-- squeezed text (see ARCHITECTURE.md).
CREATE TABLE gram_postings (
  gram     bigint  NOT NULL,
  doc_key  integer NOT NULL,
  n        integer NOT NULL,             -- passages of the document holding the gram (its per-document df)
  locals   bytea   NOT NULL,
  counts   bytea   NOT NULL,
  PRIMARY KEY (gram, doc_key)
);
CREATE INDEX gram_postings_doc ON gram_postings (doc_key);

-- Analyzer words (jieba with the policy dictionary): passages where the word stands whole.
CREATE TABLE word_postings (
  word     text    NOT NULL,
  doc_key  integer NOT NULL,
  n        integer NOT NULL,
  locals   bytea   NOT NULL,
  PRIMARY KEY (word, doc_key)
);
CREATE INDEX word_postings_doc ON word_postings (doc_key);

-- Collection-wide document frequencies (sum of n over documents), refreshed by each load: BM25's idf
-- and similarity weights read them without touching postings.
CREATE TABLE term_stats (
  kind  "char"  NOT NULL,                -- 'g' gram (term = gram key as text), 'w' word
  term  text    NOT NULL,
  df    integer NOT NULL,
  PRIMARY KEY (kind, term)
);

-- Echoes (computed over the whole collection by each load that changes it), by the document of
-- their passage: echo_ids are the EchoStore's ids with rep and mate; echo_pairs its flat records,
-- each by the document of its first passage.
CREATE TABLE echo_ids (
  doc_key  integer NOT NULL,
  idx      integer NOT NULL,
  id       text    NOT NULL,
  rep      integer NOT NULL,
  mate     smallint NOT NULL,
  PRIMARY KEY (doc_key, idx)
);
CREATE TABLE echo_pairs (
  doc_key  integer NOT NULL,
  seq      integer NOT NULL,
  record   integer[] NOT NULL,
  PRIMARY KEY (doc_key, seq)
);

-- The loader's manifest: what each corpus file was when last loaded, and what ingest said of it.
CREATE TABLE files (
  path     text   NOT NULL PRIMARY KEY,
  entry    jsonb,                        -- ManifestEntry (size, mtime, sha256, …); NULL: a report only
  report   jsonb,                        -- FileReport
  seq      integer                       -- the report's place in ingest's order
);

-- Collection-wide values: generation (bumped by every load), echo parameters, passage kinds.
CREATE TABLE collection (
  key    text  NOT NULL PRIMARY KEY,
  value  jsonb NOT NULL
);
INSERT INTO collection VALUES ('generation', '0');
