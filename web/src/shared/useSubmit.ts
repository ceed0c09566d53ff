// A form's submit: busy while it runs; a problem goes onto the form's fields it names, or else into a
// notification; onDone runs only after success.
import { useState } from 'react';
import type { FormInstance } from 'antd';
import { applyFieldErrors, useProblem } from './problem';

export function useSubmit<A extends unknown[]>(
  action: (...args: A) => Promise<unknown>,
  options: { form?: FormInstance; onDone?: () => void } = {},
) {
  const [busy, setBusy] = useState(false);
  const showProblem = useProblem();
  const submit = async (...args: A) => {
    setBusy(true);
    try {
      await action(...args);
      options.onDone?.();
    } catch (err) {
      if (!options.form || !applyFieldErrors(options.form, err)) showProblem(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, submit };
}
