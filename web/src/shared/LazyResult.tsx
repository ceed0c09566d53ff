// antd's Result carries its 403/404/500 illustrations (10 kB gzip): loaded when one is shown (a
// refused page, a lost connection), not with every first load (issue 22: the worker's ≤ 300 kB).
import { Suspense, lazy, type ComponentProps } from 'react';

const Result = lazy(() => import('antd/es/result'));

export default function LazyResult(props: ComponentProps<typeof Result>) {
  return (
    <Suspense fallback={null}>
      <Result {...props} />
    </Suspense>
  );
}
