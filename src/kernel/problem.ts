// RFC 9457 problem details: the one shape every refusal takes, with a Chinese title for users
// and, where a domain rule refused the request, the rule's DOMAIN ID.

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemOptions {
  rule?: string;
  errors?: FieldError[];
  /** Extra members of the problem body (e.g. the failed checks of REG-3). */
  extra?: Record<string, unknown>;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly options: ProblemOptions = {},
  ) {
    super(detail);
  }

  get type(): string {
    return `urn:quanlian:problem:${this.slug}`;
  }

  toBody(): Record<string, unknown> {
    const { rule, errors, extra } = this.options;
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(rule ? { rule } : {}),
      ...(errors?.length ? { errors } : {}),
      ...extra,
    };
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new Problem(400, 'bad-request', '请求参数不合法', detail, { errors });

export const unauthorized = (detail = '请先登录后再操作。') =>
  new Problem(401, 'unauthorized', '未登录或登录已失效', detail);

export const forbidden = (detail = '您的角色无权执行此操作。') => new Problem(403, 'forbidden', '无权访问', detail);

/** Another tenant's record is a 404, not a 403: its existence is not ours to reveal. */
export const notFound = (what: string) =>
  new Problem(404, 'not-found', '未找到', `未找到该${what}，或不在您的管辖范围内。`);

export const conflict = (detail: string, rule?: string, extra?: Record<string, unknown>) =>
  new Problem(409, 'conflict', '与已有记录冲突', detail, { rule, extra });

/** A domain rule refused an otherwise well-formed request. */
export const ruleViolation = (rule: string, title: string, detail: string, extra?: Record<string, unknown>) =>
  new Problem(422, `rule-${rule.toLowerCase()}`, title, detail, { rule, extra });
