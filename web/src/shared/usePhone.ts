// Below antd's `md` breakpoint (768 px): a phone. In a module of its own so that pages and shells can
// ask without loading the table (ResponsiveTable re-exports it).
import { Grid } from 'antd';

export function usePhone(): boolean {
  const screens = Grid.useBreakpoint();
  // Before the first measurement every breakpoint is undefined: decide from the window then.
  if (screens.md === undefined) return typeof window !== 'undefined' && window.innerWidth < 768;
  return !screens.md;
}
