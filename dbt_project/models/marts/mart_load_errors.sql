-- grain: one row per file that could not be read or extracted (source_path)
-- The files ingest could not turn into a report, with the kind of failure named in Chinese.
with

load_errors as (

    select * from {{ ref('stg_raw__load_errors') }}

),

error_kinds as (

    select * from (
        values
            ('empty', '空文件'),
            ('binary', '二进制/非文本'),
            ('encoding', '无法识别编码'),
            ('truncated', '文件损坏或截断'),
            ('encrypted', '加密文件'),
            ('no_text_layer', '无文字层（扫描件）'),
            ('not_a_report', '非绩效自评报告'),
            ('too_large', '文件过大'),
            ('unsupported', '不支持的格式'),
            ('unreadable', '无法读取'),
            ('missing_converter', '缺少格式转换程序'),
            ('timeout', '转换超时'),
            ('extract_error', '抽取出错')
    ) as kinds (error_kind, error_kind_label_zh)

),

final as (

    select
        load_errors.source_path,
        load_errors.file_name,
        load_errors.error_kind,
        coalesce(error_kinds.error_kind_label_zh, load_errors.error_kind) as error_kind_label_zh,
        load_errors.message,
        load_errors.occurred_at

    from load_errors
    left join error_kinds on error_kinds.error_kind = load_errors.error_kind

)

select * from final
