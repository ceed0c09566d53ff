// Issue 19 item 2: a wide table on a phone is a list of cards. From antd's `md` breakpoint (768 px) up
// it is the usual Table; below it each row becomes a card — the title from `cardTitle` (or the first
// column), then each other column as "label: value" with the same render functions, and the action
// column's buttons at the bottom, full width, big enough for a thumb. No sideways scrolling.
import type { Key, ReactNode } from 'react';
import { useState } from 'react';
import { Card, Empty, Flex, Pagination, Spin, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { usePhone } from './usePhone';

/** What only the phone layout reads. */
export interface CardOptions<T> {
  /** The card's heading; defaults to the first column's value. */
  cardTitle?: (row: T) => ReactNode;
  /** Columns (by key or dataIndex) left off the card, e.g. one already used as its title. */
  cardHidden?: string[];
  /** Renders the whole card body instead of the column list (for pages that know their row best). */
  card?: (row: T, index: number) => ReactNode;
}

// antd's own row constraint (Table's RecordType).
// biome-ignore lint/suspicious/noExplicitAny: as antd declares it
type AnyObject = Record<PropertyKey, any>;

export type ResponsiveTableProps<T extends AnyObject> = TableProps<T> & CardOptions<T>;

// The card list reads the table's props without their generics: checking antd's generic column and
// table types against each other made the type checker run out of memory.
// biome-ignore lint/suspicious/noExplicitAny: rows are opaque here; each page's columns are typed at the call
type Row = any;
interface Column {
  key?: Key;
  title?: unknown;
  dataIndex?: string | number | ReadonlyArray<string | number>;
  render?: (value: Row, row: Row, index: number) => unknown;
}
interface Loose extends CardOptions<Row> {
  dataSource?: readonly Row[];
  columns?: Column[];
  rowKey?: string | ((row: Row, index?: number) => Key);
  loading?: boolean | { spinning?: boolean };
  pagination?:
    | false
    | { pageSize?: number; current?: number; total?: number; onChange?: (p: number, s: number) => void };
  locale?: { emptyText?: ReactNode };
  onRow?: (row: Row, index?: number) => { onClick?: unknown } | undefined;
}

function columnKey(c: Column): string {
  if (c.key !== undefined) return String(c.key);
  return Array.isArray(c.dataIndex) ? c.dataIndex.join('.') : String(c.dataIndex ?? '');
}

function cellValue(row: Row, c: Column): unknown {
  const path: ReadonlyArray<string | number> = Array.isArray(c.dataIndex)
    ? c.dataIndex
    : c.dataIndex === undefined
      ? []
      : [c.dataIndex as string | number];
  let v: unknown = row;
  for (const p of path) v = v == null ? undefined : (v as Record<string | number, unknown>)[p];
  return path.length ? v : undefined;
}

function cell(row: Row, c: Column, index: number): ReactNode {
  const value = cellValue(row, c);
  if (c.render) {
    const out = c.render(value, row, index);
    // A render may answer antd's { children, props } cell shape.
    if (out && typeof out === 'object' && 'children' in out && !('$$typeof' in out))
      return ((out as { children?: ReactNode }).children ?? null) as ReactNode;
    return out as ReactNode;
  }
  if (value === null || value === undefined || value === '') return '—';
  return String(value);
}

/** True below antd's md breakpoint: the phone layout (drawer menu, cards). */
export { usePhone };

export default function ResponsiveTable<T extends AnyObject>(props: ResponsiveTableProps<T>) {
  const phone = usePhone();
  if (!phone) {
    const { cardTitle: _t, cardHidden: _h, card: _c, ...table } = props as unknown as Loose & Record<string, unknown>;
    return <Table<T> {...(table as unknown as TableProps<T>)} />;
  }
  return <CardList {...(props as unknown as Loose)} />;
}

function CardList({
  dataSource,
  columns,
  rowKey,
  loading,
  pagination,
  locale,
  onRow,
  cardTitle,
  cardHidden = [],
  card,
}: Loose) {
  const rows = [...(dataSource ?? [])];
  const cols = (columns ?? []).filter((c) => !cardHidden.includes(columnKey(c)));
  // Columns with an empty title are the row's actions: they go to the card's foot, not beside a label.
  const actions = cols.filter((c) => !c.title);
  const fields = cols.filter((c) => c.title);
  const titleColumn = cardTitle ? undefined : fields[0];
  const rest = cardTitle ? fields : fields.slice(1);
  const pageSize = pagination === false ? rows.length || 1 : (pagination?.pageSize ?? 10);
  const [localPage, setLocalPage] = useState(1);
  // A server-paged table passes `current`/`total`/`onChange`; a local one is cut here.
  const server = pagination !== false && pagination?.total !== undefined && pagination.current !== undefined;
  const page = server ? (pagination?.current ?? 1) : localPage;
  const shown = server ? rows : rows.slice((page - 1) * pageSize, page * pageSize);
  const total = server ? (pagination?.total ?? 0) : rows.length;
  const keyOf = (row: Row, i: number): Key =>
    typeof rowKey === 'function' ? rowKey(row, i) : ((row?.[rowKey ?? 'key'] as Key | undefined) ?? i);
  const spinning = typeof loading === 'object' ? !!loading.spinning : !!loading;
  return (
    <Spin spinning={spinning}>
      <Flex vertical gap={12} role="list" data-testid="card-list">
        {!shown.length && !spinning && (
          <Card>
            {locale?.emptyText ? (
              <Typography.Text type="secondary">{locale.emptyText}</Typography.Text>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        )}
        {shown.map((row, i) => {
          const index = (page - 1) * pageSize + i;
          const click = onRow?.(row, index)?.onClick as (() => void) | undefined;
          const title = cardTitle ? cardTitle(row) : titleColumn ? cell(row, titleColumn, index) : null;
          return (
            <Card
              key={keyOf(row, index)}
              role="listitem"
              size="small"
              title={title ? <span style={{ whiteSpace: 'normal' }}>{title}</span> : undefined}
              onClick={click}
              style={click ? { cursor: 'pointer' } : undefined}
            >
              {card ? (
                card(row, index)
              ) : (
                <Flex vertical gap={6}>
                  {rest.map((c) => (
                    <Flex key={columnKey(c)} gap={8} align="baseline" style={{ minWidth: 0 }}>
                      <Typography.Text type="secondary" style={{ flex: '0 0 auto', maxWidth: '40%' }}>
                        {c.title as ReactNode}
                      </Typography.Text>
                      <div style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere', textAlign: 'right' }}>
                        {cell(row, c, index)}
                      </div>
                    </Flex>
                  ))}
                  {actions.length > 0 && (
                    // Big touch targets: each action fills the card's width, at least 44 px high (WCAG 2.5.5).
                    <Flex vertical gap={8} className="ql-card-actions" style={{ marginTop: 8 }}>
                      {actions.map((c) => (
                        <div key={columnKey(c)}>{cell(row, c, index)}</div>
                      ))}
                    </Flex>
                  )}
                </Flex>
              )}
            </Card>
          );
        })}
        {pagination !== false && total > pageSize && (
          <Pagination
            simple
            align="center"
            current={page}
            pageSize={pageSize}
            total={total}
            onChange={(p, s) => (server ? pagination?.onChange?.(p, s) : setLocalPage(p))}
          />
        )}
      </Flex>
    </Spin>
  );
}
