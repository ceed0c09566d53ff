// How API errors reach the user: a notification, an inline alert, or messages on form fields.
import { useCallback } from 'react';
import { Alert, App, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { RULE_BASIS } from '@shared/rule-basis';
import { ApiError } from '../api';

/**
 * Issue 19 item 3: names the rule in the regulation's own words (never the internal id, which is
 * for code and tests); nothing when the rule has no wording of its own here.
 */
export function RuleTag({ rule }: { rule?: string }) {
  const basis = rule ? RULE_BASIS[rule] : undefined;
  return basis ? <Tag color="geekblue">{basis}</Tag> : null;
}

export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, { title: '操作失败', detail: err instanceof Error ? err.message : String(err) });
}

function Description({ error }: { error: ApiError }) {
  return (
    <>
      {error.detail}
      {error.rule && (
        <>
          {' '}
          <RuleTag rule={error.rule} />
          {/* The id stays findable for support, in a small secondary line. */}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            规则编号 {error.rule}
          </Typography.Text>
        </>
      )}
    </>
  );
}

/** Returns a function that shows an error as a notification (title + detail + rule). */
export function useProblem() {
  const { notification } = App.useApp();
  return useCallback(
    (err: unknown) => {
      const error = asApiError(err);
      notification.error({ title: error.title, description: <Description error={error} /> });
    },
    [notification],
  );
}

export function ProblemAlert({ error }: { error: ApiError }) {
  return <Alert type="error" showIcon title={error.title} description={<Description error={error} />} />;
}

/**
 * Puts the problem's `errors[]` on the form fields they name ("health.issuedAt", or
 * "body.health.issuedAt" from schema validation). Returns false when none is a field of this form.
 */
export function applyFieldErrors(form: FormInstance, err: unknown): boolean {
  if (!(err instanceof ApiError) || err.errors.length === 0) return false;
  const known = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  const fields = err.errors
    .map((e) => ({ name: toNamePath(e.field), errors: [e.message] }))
    .filter((f) => known.has(f.name.join('.')));
  form.setFields(fields);
  return fields.length > 0;
}

function toNamePath(field: string): (string | number)[] {
  return field
    .replace(/^\/?(?:(?:body|querystring|params)[./])?/, '')
    .split(/[./]/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
