-- learnloop's one database schema, shared by the native CLI (libsqlite3) and the npm package
-- (sqlite-wasm). Each "migration: N" section below moves PRAGMA user_version from N-1 to N; the core
-- applies the missing ones in one transaction and refuses databases newer than it knows.
-- Declared types: TEXT, INTEGER, REAL, BLOB, plus three TEXT-affinity types the store checks on
-- write: JSON_TEXT (valid JSON), DATE_TEXT (YYYY-MM-DD) and TIMESTAMP_TEXT (YYYY-MM-DD or
-- YYYY-MM-DDTHH:MM[:SS][Z], UTC).

-- migration: 1
CREATE TABLE content_metadata (
  decision_id TEXT PRIMARY KEY NOT NULL,   -- one posted piece of content (content_id elsewhere)
  platform TEXT,
  decision_type TEXT,                      -- single | thread | reply | video | ...
  bandit_arm TEXT,                         -- content type chosen by the content bandit
  topic TEXT,
  hook_type TEXT,
  style TEXT,
  quality_score REAL,                      -- 0..1 from the quality gate
  cost REAL,                               -- production plus promotion cost, when known
  created_at TIMESTAMP_TEXT,
  posted_at TIMESTAMP_TEXT
);
CREATE INDEX content_metadata_posted ON content_metadata(posted_at);

CREATE TABLE outcomes (
  decision_id TEXT NOT NULL,
  impressions INTEGER NOT NULL CHECK (impressions >= 0),
  likes INTEGER NOT NULL DEFAULT 0 CHECK (likes >= 0),
  retweets INTEGER NOT NULL DEFAULT 0 CHECK (retweets >= 0),
  replies INTEGER NOT NULL DEFAULT 0 CHECK (replies >= 0),
  bookmarks INTEGER NOT NULL DEFAULT 0 CHECK (bookmarks >= 0),
  engagement_rate REAL,                    -- stored rate; NULL means (likes + retweets + replies) / impressions
  followers_gained INTEGER NOT NULL DEFAULT 0,
  revenue REAL,                            -- attributed revenue, when known
  collected_at TIMESTAMP_TEXT NOT NULL,
  PRIMARY KEY (decision_id, collected_at)
);
CREATE INDEX outcomes_collected ON outcomes(collected_at);

CREATE TABLE bandit_arms (
  scope TEXT NOT NULL,                     -- content | timing
  arm_name TEXT NOT NULL,
  successes INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  alpha REAL NOT NULL,
  beta REAL NOT NULL,
  pulls INTEGER NOT NULL,
  mean_reward REAL NOT NULL,
  updated_at DATE_TEXT NOT NULL,
  PRIMARY KEY (scope, arm_name)
);

CREATE TABLE retention_metrics (
  content_id TEXT NOT NULL,
  platform TEXT,
  avg_watch_percentage REAL,
  retention_curve JSON_TEXT CHECK (retention_curve IS NULL OR json_valid(retention_curve)),
  drop_off_points JSON_TEXT CHECK (drop_off_points IS NULL OR json_valid(drop_off_points)),
  completion_rate REAL,
  rewatch_rate REAL,
  measured_at TIMESTAMP_TEXT NOT NULL
);
CREATE INDEX retention_metrics_content ON retention_metrics(content_id, measured_at);
CREATE INDEX retention_metrics_measured ON retention_metrics(measured_at);

CREATE TABLE engagement_metrics (
  content_id TEXT NOT NULL,
  platform TEXT,
  views INTEGER,
  likes INTEGER,
  comments INTEGER,
  shares INTEGER,
  saves INTEGER,
  engagement_rate REAL,
  save_rate REAL,
  views_velocity REAL,
  measured_at TIMESTAMP_TEXT NOT NULL
);
CREATE INDEX engagement_metrics_content ON engagement_metrics(content_id, measured_at);
CREATE INDEX engagement_metrics_measured ON engagement_metrics(measured_at);

CREATE TABLE viewer_behavior (
  content_id TEXT NOT NULL,
  platform TEXT,
  unique_viewers INTEGER,
  returning_viewers INTEGER,
  avg_view_seconds REAL,
  profile_visits INTEGER,
  follows INTEGER,
  measured_at TIMESTAMP_TEXT NOT NULL
);
CREATE INDEX viewer_behavior_content ON viewer_behavior(content_id, measured_at);

CREATE TABLE engine_performance (
  engine_name TEXT NOT NULL,
  operation TEXT,
  content_id TEXT,
  latency_ms REAL,
  success INTEGER,
  cost REAL,
  measured_at TIMESTAMP_TEXT NOT NULL
);
CREATE INDEX engine_performance_measured ON engine_performance(engine_name, measured_at);

CREATE TABLE satellite_performance (
  satellite_name TEXT NOT NULL,
  content_id TEXT,
  platform TEXT,
  views INTEGER,
  engagement_rate REAL,
  followers_gained INTEGER,
  measured_at TIMESTAMP_TEXT NOT NULL
);
CREATE INDEX satellite_performance_measured ON satellite_performance(satellite_name, measured_at);

CREATE TABLE meta_learning_scores (
  content_id TEXT NOT NULL,
  overall_score REAL,
  retention_score REAL,
  engagement_score REAL,
  virality_score REAL,
  brand_alignment_score REAL,
  factors JSON_TEXT CHECK (factors IS NULL OR json_valid(factors)),
  strengths JSON_TEXT CHECK (strengths IS NULL OR json_valid(strengths)),
  weaknesses JSON_TEXT CHECK (weaknesses IS NULL OR json_valid(weaknesses)),
  computed_at TIMESTAMP_TEXT NOT NULL
);
CREATE INDEX meta_learning_scores_content ON meta_learning_scores(content_id, computed_at);

CREATE TABLE daily_snapshots (
  snapshot_date DATE_TEXT PRIMARY KEY NOT NULL,
  total_content_analyzed INTEGER NOT NULL,
  avg_retention REAL,
  avg_engagement_rate REAL,
  best_content_ids JSON_TEXT NOT NULL CHECK (json_valid(best_content_ids)),
  insights JSON_TEXT NOT NULL CHECK (json_valid(insights)),
  recommendations JSON_TEXT NOT NULL CHECK (json_valid(recommendations)),
  created_at TIMESTAMP_TEXT NOT NULL
);

CREATE TABLE prediction_records (
  prediction_id TEXT PRIMARY KEY NOT NULL,
  model_id TEXT,
  content_id TEXT,
  hook_type TEXT,
  template_id TEXT,
  predicted_ctr REAL,
  predicted_roas REAL,
  actual_ctr REAL,
  actual_roas REAL,
  ctr_error REAL,
  roas_error REAL,
  status TEXT NOT NULL DEFAULT 'predicted' CHECK (status IN ('predicted', 'running', 'completed')),
  predicted_at TIMESTAMP_TEXT NOT NULL,
  completed_at TIMESTAMP_TEXT
);
CREATE INDEX prediction_records_status ON prediction_records(status, predicted_at);

CREATE TABLE models (
  model_id TEXT PRIMARY KEY NOT NULL,      -- name@trained_for, e.g. engagement_rate@2026-11-22
  name TEXT NOT NULL,
  tenant TEXT NOT NULL DEFAULT 'default',
  kind TEXT NOT NULL,                      -- ridge | logistic
  trained_for DATE_TEXT NOT NULL,
  train_rows INTEGER NOT NULL,
  metrics JSON_TEXT NOT NULL CHECK (json_valid(metrics)),
  document JSON_TEXT NOT NULL CHECK (json_valid(document)),
  active INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX models_name ON models(tenant, name, trained_for);

CREATE TABLE embeddings (
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  dim INTEGER NOT NULL CHECK (dim > 0),
  vector BLOB NOT NULL CHECK (length(vector) = 4 * dim),  -- little-endian float32
  metadata JSON_TEXT CHECK (metadata IS NULL OR json_valid(metadata)),
  updated_at TIMESTAMP_TEXT,
  PRIMARY KEY (type, id)
);

CREATE TABLE learning_runs (
  run_date DATE_TEXT PRIMARY KEY NOT NULL,
  outcomes_read INTEGER NOT NULL,
  bandit_state JSON_TEXT NOT NULL CHECK (json_valid(bandit_state)),
  summary JSON_TEXT NOT NULL CHECK (json_valid(summary)),
  report JSON_TEXT NOT NULL CHECK (json_valid(report))
);

-- migration: 2
-- Accuracy tracking and retraining (spec 002): what a prediction was made from, which model made
-- it, and when a registered model was trained.
ALTER TABLE prediction_records ADD COLUMN model_name TEXT;
ALTER TABLE prediction_records ADD COLUMN features JSON_TEXT CHECK (features IS NULL OR json_valid(features));
ALTER TABLE models ADD COLUMN trained_at TIMESTAMP_TEXT;
CREATE INDEX prediction_records_model ON prediction_records(model_name, completed_at);

-- migration: 3
-- Content analytics (best time, retention clusters, virality): how long a piece of content runs,
-- for the duration buckets of the retention clusters and the virality predictor. NULL when unknown.
ALTER TABLE content_metadata ADD COLUMN duration_seconds REAL CHECK (duration_seconds IS NULL OR duration_seconds >= 0);

-- Ad creatives' daily delivery (spec 004's creative fatigue scorer): one row per creative and day.
CREATE TABLE creative_metrics (
  creative_id TEXT NOT NULL,
  campaign_id TEXT,
  platform TEXT,
  metric_date DATE_TEXT NOT NULL,
  impressions INTEGER NOT NULL CHECK (impressions >= 0),
  clicks INTEGER NOT NULL DEFAULT 0 CHECK (clicks >= 0 AND clicks <= impressions),
  reach INTEGER CHECK (reach IS NULL OR reach >= 0),  -- unique users reached to date (cumulative, as platforms report it)
  frequency REAL CHECK (frequency IS NULL OR frequency >= 0),  -- impressions per reached user to date; NULL: impressions to date / reach
  spend REAL,
  conversions INTEGER,
  revenue REAL,
  engagement_rate REAL CHECK (engagement_rate IS NULL OR engagement_rate >= 0),  -- engagements / impressions that day
  PRIMARY KEY (creative_id, metric_date)
);
CREATE INDEX creative_metrics_date ON creative_metrics(metric_date);

-- migration: 4
-- One owner per model name (issue 18): "learn" (the daily learning job) or "retrain"
-- (check_and_retrain); a writer may not register a name another owner writes. active_reason says
-- why the active model serves (newest daily fit, promoted over another on the holdout, first model).
-- Rows from before this version keep NULL (owner unknown: they block no one).
ALTER TABLE models ADD COLUMN owner TEXT;
ALTER TABLE models ADD COLUMN active_reason TEXT;

-- migration: 5
-- Accuracy of any target (issue 18): a prediction names its target (engagement_rate, ctr, roas, ...)
-- and holds `predicted`; completing it stores `actual` and `abs_error`. Spec 002's ctr/roas columns
-- stay, filled for those targets; rows from before this version are CTR (or ROAS-only) predictions.
ALTER TABLE prediction_records ADD COLUMN target TEXT;
ALTER TABLE prediction_records ADD COLUMN predicted REAL;
ALTER TABLE prediction_records ADD COLUMN actual REAL;
ALTER TABLE prediction_records ADD COLUMN abs_error REAL;
UPDATE prediction_records SET target = 'ctr', predicted = predicted_ctr, actual = actual_ctr, abs_error = ctr_error
  WHERE predicted_ctr IS NOT NULL;
UPDATE prediction_records SET target = 'roas', predicted = predicted_roas, actual = actual_roas, abs_error = roas_error
  WHERE predicted_ctr IS NULL AND predicted_roas IS NOT NULL;

-- migration: 6
-- Served decisions (issue 18 item 9): every arm a bandit served from the store, with the probability it had
-- (for off-policy evaluation), the context it was served in and the policy version that served it. Outcomes
-- join by decision_id; one posted piece may carry a content and a timing decision under the same id.
CREATE TABLE decisions (
  decision_id TEXT NOT NULL,
  scope TEXT NOT NULL,                     -- content | timing
  arm TEXT NOT NULL,                       -- arm served (timing: h00..h23)
  propensity REAL NOT NULL,                -- probability the serving policy gave the arm, in (0, 1]
  context JSON_TEXT CHECK (context IS NULL OR json_valid(context)),
  policy_version TEXT NOT NULL,            -- scope@run_date of the learning run whose state served
  decided_at TIMESTAMP_TEXT NOT NULL,
  PRIMARY KEY (scope, decision_id)
);
CREATE INDEX decisions_decided ON decisions(scope, decided_at);

-- migration: 7
-- Stored embedding index snapshots (issue 18 item 13): the index built from a type's embeddings rows
-- (the versioned "LLEMBED" snapshot), with the hash of the rows it was built from. A load whose rows
-- hash differently, or whose snapshot has another format version or other settings, rebuilds from
-- the rows and replaces the snapshot.
CREATE TABLE embedding_index_snapshots (
  type TEXT PRIMARY KEY NOT NULL,
  rows_hash TEXT NOT NULL,                   -- read_embedding_rows()'s hash of the rows it was built from
  row_count INTEGER NOT NULL CHECK (row_count >= 0),
  snapshot BLOB NOT NULL,
  built_at TIMESTAMP_TEXT
);

-- migration: 8
-- Embeddings as pgvector values (issue 20 item 6). SQLite, and PostgreSQL without the `vector` extension, keep
-- embeddings.vector as little-endian float32 bytes (BLOB / bytea). On PostgreSQL with the extension the dialect
-- renders this migration with a first step that turns the column into pgvector's `vector` without a fixed
-- dimension (the stored bytes converted; CHECK vector_dims(vector) = dim), so one table keeps holding every type
-- with its metadata and the same statements read and write it; each (type, dimension, metric) gets its own partial
-- HNSW index over vector::vector(dim) when search first needs it (pgvector_search.hpp). Both dialects add the index
-- below: a type's dimension (what search and a rebuild check first) is read from it, not from the rows' vectors.
CREATE INDEX embeddings_dim ON embeddings(type, dim);

-- migration: 9
-- Partials of a sharded learning run (issue 17): `learn --shard i/N` marks its shard started (state_bytes NULL),
-- computes the shard's state from its part of the window and stores it, in parts of at most 4 MiB, in one
-- transaction that also marks the shard finished. A shard killed midway leaves its started mark and no parts: the
-- merge names it, and running the shard again replaces it. `learn --merge` combines the N finished partials of the
-- date, commits the run and deletes them in the same transaction.
CREATE TABLE learn_partials (
  run_date DATE_TEXT NOT NULL,
  shard_index INTEGER NOT NULL CHECK (shard_index >= 0),
  shard_count INTEGER NOT NULL CHECK (shard_count >= 1 AND shard_index < shard_count),
  code_version TEXT NOT NULL,              -- learnloop's version and the partial format that wrote it
  schema_version INTEGER NOT NULL,
  settings JSON_TEXT NOT NULL CHECK (json_valid(settings)),  -- window, threshold, bandit options, previous run
  rows_read INTEGER,                       -- the shard's outcome rows; NULL until it finished
  state_bytes INTEGER,                     -- total bytes of its parts; NULL until it finished
  started_at TIMESTAMP_TEXT NOT NULL,
  finished_at TIMESTAMP_TEXT,
  PRIMARY KEY (run_date, shard_index)
);

CREATE TABLE learn_partial_parts (
  run_date DATE_TEXT NOT NULL,
  shard_index INTEGER NOT NULL,
  part INTEGER NOT NULL CHECK (part >= 0),
  bytes BLOB NOT NULL,
  PRIMARY KEY (run_date, shard_index, part)
);
