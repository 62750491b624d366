-- The `raw` schema: the contract between ingest/ and dbt_project/.
-- Every extracted fact keeps its provenance: the quote, its character span in
-- raw.report_text.text (text[char_start:char_end] == quote), its page and section.
-- Money is in yuan (元), rates in percent, as DECIMAL so sums stay exact.

create schema if not exists raw;

-- One row per distinct report file (report_id = sha256 of the file's bytes).
create table if not exists raw.reports (
    report_id          varchar primary key,
    source_path        varchar not null,
    file_name          varchar not null,
    format             varchar not null,      -- txt / pdf / docx / html
    file_size          bigint,
    file_mtime_ns      bigint,
    encoding           varchar,               -- txt/html: the detected encoding
    pages              integer,               -- pdf/docx pages; null where the format has none
    chars              integer,               -- length of the normalised text
    ingested_at        timestamp not null,
    extractor_version  varchar not null,
    status             varchar not null,      -- ok / partial
    department         varchar,
    province           varchar,
    prefecture         varchar,
    county             varchar,
    admin_level        varchar,               -- province / prefecture / county
    adcode             varchar,               -- the place's administrative-division code
    fiscal_year        integer,
    report_date        date,
    self_score         decimal(6, 2),
    grade              varchar                -- 优 / 良 / 中 / 差
);

-- The normalised text every char_start / char_end points into.
create table if not exists raw.report_text (
    report_id  varchar primary key,
    text       varchar not null
);

-- Long form: one row per stated meta fact, amount, rate or headcount.
create table if not exists raw.facts (
    report_id    varchar not null,
    fact_group   varchar not null,            -- meta / amounts / rates / headcount
    fact_key     varchar not null,            -- the keys of spec facts.md
    value        decimal(20, 4),              -- yuan for money, percent for rates
    value_text   varchar,                     -- meta facts that are text (department, grade, date)
    unit_stated  varchar,                     -- 元 / 万元 / 亿元 / % / 人 / 分 as the report wrote it
    quote        varchar,
    char_start   integer,
    char_end     integer,
    page         integer,
    section      varchar,                     -- heading path, ' > ' separated
    method       varchar not null,            -- which rule found it
    confidence   double
);

create table if not exists raw.indicator_scores (
    report_id    varchar not null,
    seq          integer not null,            -- order in the report
    name         varchar not null,
    max_score    decimal(8, 2),               -- 指标分值; null where only the score is stated
    score        decimal(8, 2) not null,      -- 自评得分
    quote        varchar,
    char_start   integer,
    char_end     integer,
    page         integer,
    section      varchar,
    method       varchar not null,
    confidence   double
);

create table if not exists raw.indicator_targets (
    report_id        varchar not null,
    seq              integer not null,
    level2           varchar,                 -- 二级指标 (数量指标, 社会效益, …)
    name             varchar not null,        -- 三级指标
    target           varchar,                 -- 年度目标值 as written
    actual           varchar,                 -- 年度实现值 as written
    completion_rate  decimal(10, 2),          -- 指标完成率, percent
    quote            varchar,
    char_start       integer,
    char_end         integer,
    page             integer,
    section          varchar,
    method           varchar not null,
    confidence       double
);

create table if not exists raw.score_history (
    report_id    varchar not null,
    year         integer not null,
    score        decimal(6, 2) not null,
    grade        varchar,
    quote        varchar,
    char_start   integer,
    char_end     integer,
    page         integer,
    section      varchar,
    method       varchar not null,
    confidence   double
);

create table if not exists raw.problems (
    report_id    varchar not null,
    seq          integer not null,
    text         varchar not null,
    category     varchar not null,            -- the problem taxonomy of spec facts.md
    quote        varchar,
    char_start   integer,
    char_end     integer,
    page         integer,
    section      varchar,
    method       varchar not null,
    confidence   double
);

-- What validation found: one row per failed rule (or unit correction) per report.
create table if not exists raw.findings (
    report_id    varchar not null,
    rule         varchar not null,            -- rule id, see ingest/rules.csv
    severity     varchar not null,            -- error / warning / correction
    message      varchar not null,
    fact_keys    varchar                      -- comma-separated fact keys involved
);

-- Every file that could not be read or extracted. One row per file path.
create table if not exists raw.load_errors (
    source_path  varchar primary key,
    file_name    varchar not null,
    file_hash    varchar,
    error_kind   varchar not null,            -- one of ingest/failures.py KINDS: missing / symlink_loop / too_large / empty / … / timeout / internal_error
    message      varchar not null,
    occurred_at  timestamp not null,
    extractor_version varchar not null
);
