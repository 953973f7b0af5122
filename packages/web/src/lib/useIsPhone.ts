import { Grid } from 'antd';

/** True below antd's `md` breakpoint (768 px): phones get a drawer menu, full-width drawers. */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  // Before the first measurement every breakpoint is undefined; assume desktop then.
  return screens.md === false;
}
