// A light card for the login page and the worker's phone pages. antd's Card brings its tab list with
// it (Tabs, Dropdown, Menu: 20 kB gzip), which the worker's first load cannot spare (issue 22: ≤ 300
// kB of JavaScript); this one draws the same box with the theme's tokens.
import type { CSSProperties, ReactNode } from 'react';
import { Flex, theme } from 'antd';

export default function Panel({
  title,
  extra,
  children,
  style,
  testId,
}: {
  title?: ReactNode;
  extra?: ReactNode;
  children?: ReactNode;
  style?: CSSProperties;
  testId?: string;
}) {
  const { token } = theme.useToken();
  return (
    <section
      data-testid={testId}
      style={{
        background: token.colorBgContainer,
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        ...style,
      }}
    >
      {(title || extra) && (
        <Flex
          justify="space-between"
          align="center"
          gap={8}
          style={{
            minHeight: 38,
            padding: '0 12px',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            fontWeight: token.fontWeightStrong,
          }}
        >
          <div style={{ minWidth: 0 }}>{title}</div>
          {extra && <div style={{ flex: 'none', fontWeight: 'normal' }}>{extra}</div>}
        </Flex>
      )}
      <div style={{ padding: title ? 12 : 16 }}>{children}</div>
    </section>
  );
}
