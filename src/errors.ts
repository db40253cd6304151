/**
 * One table of user-facing error codes. Every message is given in Chinese and English because the
 * users read Chinese and the API's other clients may not. The two languages are kept apart: pages
 * print the Chinese (`zh`), the API sends both in separate fields (`{error, code, zh, en}`), so no
 * page ever shows English inside a Chinese sentence.
 */
export const ERRORS = {
  QUERY_EMPTY: { status: 400, zh: "查询为空", en: "the query is empty" },
  QUERY_NO_TERMS: { status: 400, zh: "查询只含标点或空白，没有可检索的词", en: "the query holds only punctuation or spaces, nothing to search for" },
  QUERY_TOO_LONG: { status: 400, zh: "查询过长（最多 1000 个字符）", en: "the query is too long (at most 1,000 characters)" },
  QUERY_UNBALANCED_QUOTES: { status: 400, zh: "引号不成对", en: "unbalanced quotes in the query" },
  QUERY_EMPTY_FILTER: { status: 400, zh: "筛选条件没有给出内容", en: "a filter names nothing" },
  QUERY_BAD_FILTER: { status: 400, zh: "筛选条件没有匹配的文档或章节", en: "a filter matches no document or heading" },
  QUERY_BAD_FILTER_VALUE: { status: 400, zh: "筛选条件的值无效", en: "a filter has a value it does not accept" },
  QUERY_ONLY_NEGATIVE: { status: 400, zh: "查询只有排除词，请至少给出一个要查找的词", en: "the query only excludes terms; give at least one term to find" },
  QUERY_TOO_COMPLEX: {
    status: 400,
    zh: "查询过于复杂（词项或其匹配的段落过多），请减少“或”连接的词、使用更长的词或加上筛选条件",
    en: "the query is too complex (too many terms or passages to match); use fewer OR terms, longer terms or a filter",
  },
  BAD_PARAMETER: { status: 400, zh: "参数无效", en: "invalid parameter" },
  NOT_FOUND: { status: 404, zh: "未找到", en: "not found" },
  METHOD_NOT_ALLOWED: { status: 405, zh: "不支持此请求方法（只能用 GET 或 HEAD）", en: "method not allowed (only GET and HEAD are supported)" },
  ECHOES_UNAVAILABLE: {
    status: 503,
    zh: "文本呼应索引不可用（建立索引时计算失败），检索仍可使用",
    en: "the echo index is unavailable (computing echoes failed when the index was built); search still works",
  },
  // Changing the collection (src/live): uploads and deletions.
  UPLOADS_OFF: { status: 403, zh: "未开启上传（服务器未设置 ZHANGJIE_ADMIN_TOKEN）", en: "uploads are off (the server has no ZHANGJIE_ADMIN_TOKEN)" },
  UNAUTHORIZED: { status: 401, zh: "需要管理令牌", en: "the admin token is required" },
  CSRF: { status: 403, zh: "表单已过期或来源不对，请刷新上传页后重试", en: "the form's CSRF token is missing or wrong; reload the upload page" },
  UPLOAD_MALFORMED: { status: 400, zh: "上传请求无效", en: "malformed upload" },
  UPLOAD_TOO_LARGE: { status: 413, zh: "文件过大", en: "file too large" },
  UPLOAD_UNSUPPORTED: { status: 415, zh: "不是章节能读取的文档格式（文本、Markdown、PDF、DOCX、HTML）", en: "not a format zhangjie reads (text, Markdown, PDF, DOCX, HTML)" },
  UPLOAD_UNREADABLE: { status: 422, zh: "文件无法读取或不安全，未收录", en: "the file is unreadable or hostile; not added" },
  UPLOAD_BUSY: { status: 429, zh: "同时进行的上传过多，请稍后再试", en: "too many uploads at once; try again shortly" },
  TOO_MANY_REQUESTS: { status: 429, zh: "同时进行的复杂查询过多，请稍后再试", en: "too many expensive queries at once from this client; retry later" },
  SERVER_BUSY: { status: 503, zh: "服务器繁忙，请稍后再试", en: "the server is busy; retry later" },
  QUERY_TIMEOUT: { status: 503, zh: "查询未能在时限内完成，请缩小查询范围后再试", en: "the query did not finish within its time limit; narrow it and retry" },
  INTERNAL: { status: 500, zh: "服务器内部错误", en: "internal server error" },
} as const;

export type ErrorCode = keyof typeof ERRORS;

/**
 * What an error adds to its code's message: a value that reads the same in both languages (an id,
 * `doc:延边`, a number) as a plain string, or a sentence in each language.
 */
export type ErrorDetail = string | { zh: string; en: string };

export class ZhangjieError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** The detail in Chinese (what pages print after the message), or undefined. */
  readonly detail?: string;
  readonly detailEn?: string;
  /** Seconds a client should wait before retrying (429, 503): sent as `Retry-After`. */
  retryAfter?: number;
  constructor(code: ErrorCode, detail?: ErrorDetail) {
    const e = ERRORS[code];
    const zh = typeof detail === "string" ? detail : detail?.zh;
    const en = typeof detail === "string" ? detail : detail?.en;
    super(`${e.zh}${zh ? `：${zh}` : ""} / ${e.en}${en ? `: ${en}` : ""}`);
    this.name = "ZhangjieError";
    this.code = code;
    this.status = e.status;
    this.detail = zh || undefined;
    this.detailEn = en || undefined;
  }
  /** The message in Chinese only, as pages show it. */
  get zh(): string {
    return `${ERRORS[this.code].zh}${this.detail ? `：${this.detail}` : ""}`;
  }
  /** The message in English only. */
  get en(): string {
    return `${ERRORS[this.code].en}${this.detailEn ? `: ${this.detailEn}` : ""}`;
  }
  /** The JSON body an API error carries: `error` (both languages, as before), `code`, and each language alone. */
  toJSON(): { error: string; code: ErrorCode; zh: string; en: string } {
    return { error: this.message, code: this.code, zh: this.zh, en: this.en };
  }
}
