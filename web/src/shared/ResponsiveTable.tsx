// Issue 19 item 2: a wide table on a phone is a list of cards. From antd's `md` breakpoint (768 px) up
// it is the usual Table; below it each row becomes a card — the title from `cardTitle` (or the first
// column), then each other column as "label: value" with the same render functions, and the action
// column's buttons at the bottom, full width, big enough for a thumb. No sideways scrolling.
import type { Key, ReactNode } from 'react';
import { useState } from 'react';
import { Card, Empty, Flex, Grid, Pagination, Spin, Table, Typography } from 'antd';
import type { TableColumnType, TableProps } from 'antd';

export interface ResponsiveTableProps<T> extends TableProps<T> {
  /** The card's heading; defaults to the first column's value. */
  cardTitle?: (row: T) => ReactNode;
  /** Columns (by key or dataIndex) left off the card, e.g. one already used as its title. */
  cardHidden?: string[];
  /** Renders the whole card body instead of the column list (for pages that know their row best). */
  card?: (row: T, index: number) => ReactNode;
}

type Column<T> = TableColumnType<T>;

function columnKey<T>(c: Column<T>): string {
  if (c.key !== undefined) return String(c.key);
  return Array.isArray(c.dataIndex) ? c.dataIndex.join('.') : String(c.dataIndex ?? '');
}

function cellValue<T>(row: T, c: Column<T>): unknown {
  const path = Array.isArray(c.dataIndex) ? c.dataIndex : c.dataIndex === undefined ? [] : [c.dataIndex];
  let v: unknown = row;
  for (const p of path) v = v == null ? undefined : (v as Record<string | number, unknown>)[p as string | number];
  return path.length ? v : undefined;
}

function cell<T>(row: T, c: Column<T>, index: number): ReactNode {
  const value = cellValue(row, c);
  if (c.render) {
    const out = c.render(value, row, index);
    // A render may answer antd's { children, props } cell shape.
    return out && typeof out === 'object' && 'children' in (out as object) && !('$$typeof' in (out as object))
      ? ((out as { children: ReactNode }).children ?? null)
      : (out as ReactNode);
  }
  if (value === null || value === undefined || value === '') return '—';
  return String(value);
}

/** True below antd's md breakpoint: the phone layout (drawer menu, cards). */
export function usePhone(): boolean {
  const screens = Grid.useBreakpoint();
  // Before the first measurement every breakpoint is undefined: decide from the window then.
  if (screens.md === undefined) return typeof window !== 'undefined' && window.innerWidth < 768;
  return !screens.md;
}

export default function ResponsiveTable<T extends object>(props: ResponsiveTableProps<T>) {
  const phone = usePhone();
  if (!phone) {
    // Not a rest of the generic props: TypeScript checks `Omit<…, …>` of a generic against TableProps
    // very slowly; copy and drop the card-only keys instead.
    const table = { ...props } as TableProps<T> & Partial<Record<'cardTitle' | 'cardHidden' | 'card', unknown>>;
    delete table.cardTitle;
    delete table.cardHidden;
    delete table.card;
    return <Table<T> {...(table as TableProps<T>)} />;
  }
  return <CardList<T> {...props} />;
}

function CardList<T extends object>({
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
}: ResponsiveTableProps<T>) {
  const rows = [...(dataSource ?? [])];
  const cols = ((columns ?? []) as Column<T>[]).filter((c) => !cardHidden.includes(columnKey(c)));
  // Columns with an empty title are the row's actions: they go to the card's foot, not beside a label.
  const actions = cols.filter((c) => !c.title);
  const fields = cols.filter((c) => c.title);
  const [titleColumn, ...rest] = cardTitle ? [undefined, ...fields] : fields;
  const pageSize = pagination === false ? rows.length || 1 : (pagination?.pageSize ?? 10);
  const [localPage, setLocalPage] = useState(1);
  // A server-paged table passes `current`/`total`/`onChange`; a local one is cut here.
  const server = pagination !== false && pagination?.total !== undefined && pagination.current !== undefined;
  const page = server ? (pagination?.current ?? 1) : localPage;
  const shown = server ? rows : rows.slice((page - 1) * pageSize, page * pageSize);
  const total = server ? (pagination?.total ?? 0) : rows.length;
  const keyOf = (row: T, i: number): Key =>
    typeof rowKey === 'function'
      ? rowKey(row, i)
      : (((row as Record<string, unknown>)[(rowKey as string) ?? 'key'] as Key) ?? i);
  const spinning = typeof loading === 'object' ? !!loading.spinning : !!loading;
  return (
    <Spin spinning={spinning}>
      <Flex vertical gap={12} role="list" data-testid="card-list">
        {!shown.length && !spinning && (
          <Card>
            {locale?.emptyText ? (
              <Typography.Text type="secondary">{locale.emptyText as ReactNode}</Typography.Text>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
        )}
        {shown.map((row, i) => {
          const index = (page - 1) * pageSize + i;
          const click = onRow?.(row, index)?.onClick;
          const title = cardTitle ? cardTitle(row) : titleColumn ? cell(row, titleColumn, index) : null;
          return (
            <Card
              key={keyOf(row, index)}
              role="listitem"
              size="small"
              title={title ? <span style={{ whiteSpace: 'normal' }}>{title}</span> : undefined}
              onClick={click as never}
              style={click ? { cursor: 'pointer' } : undefined}
            >
              {card ? (
                card(row, index)
              ) : (
                <Flex vertical gap={6}>
                  {rest.map((c) =>
                    c ? (
                      <Flex key={columnKey(c)} gap={8} align="baseline" style={{ minWidth: 0 }}>
                        <Typography.Text type="secondary" style={{ flex: '0 0 auto', maxWidth: '40%' }}>
                          {c.title as ReactNode}
                        </Typography.Text>
                        <div style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere', textAlign: 'right' }}>
                          {cell(row, c, index)}
                        </div>
                      </Flex>
                    ) : null,
                  )}
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
