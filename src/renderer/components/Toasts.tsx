import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

export interface ToastInput {
  /** Same id replaces an existing toast (a new copy replaces the old countdown). */
  id?: string;
  /**
   * Toasts confirm what worked. A failed call belongs in an ErrorNotice where it happened; 'error' is
   * only for a failure with no place on the page (a copy that the clipboard refused).
   */
  kind?: 'info' | 'success' | 'error';
  text: string;
  /** When set, the toast counts down to this time and then disappears. */
  until?: number;
  /** Text shown with the remaining seconds, e.g. "Clipboard clears in {s} s". */
  countdown?: (seconds: number) => string;
  action?: { label: string; run: () => void };
  /** Plain toasts disappear after this long. */
  ttlMs?: number;
}
interface Toast extends ToastInput {
  id: string;
}

const ToastContext = createContext<{ show: (t: ToastInput) => string; dismiss: (id: string) => void }>({
  show: () => '',
  dismiss: () => undefined,
});

export function useToasts() {
  return useContext(ToastContext);
}

export function ToastProvider({ children, closeLabel }: { children: ReactNode; closeLabel: string }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [now, setNow] = useState(() => Date.now());
  const counter = useRef(0);

  const dismiss = useCallback((id: string) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback((input: ToastInput) => {
    const id = input.id ?? `toast-${++counter.current}`;
    const until = input.until ?? Date.now() + (input.ttlMs ?? 5000);
    setToasts((all) => [...all.filter((t) => t.id !== id), { ...input, id, until }]);
    setNow(Date.now());
    return id;
  }, []);

  useEffect(() => {
    if (toasts.length === 0) return;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      setToasts((all) => (all.some((x) => (x.until ?? 0) <= t) ? all.filter((x) => (x.until ?? 0) > t) : all));
    }, 250);
    return () => clearInterval(timer);
  }, [toasts.length]);

  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="region" aria-live="polite">
        {toasts.map((t) => {
          const seconds = Math.max(0, Math.ceil(((t.until ?? now) - now) / 1000));
          return (
            <div key={t.id} className={`toast toast--${t.kind ?? 'info'}`} data-testid="toast">
              <div className="toast__text">
                <span>{t.text}</span>
                {t.countdown ? <span className="toast__countdown">{t.countdown(seconds)}</span> : null}
              </div>
              {t.action ? (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => {
                    t.action?.run();
                    dismiss(t.id);
                  }}
                >
                  {t.action.label}
                </button>
              ) : null}
              <button type="button" className="toast__close" aria-label={closeLabel} onClick={() => dismiss(t.id)}>
                ×
              </button>
            </div>
          );
        })}
      </div>
    </ToastContext.Provider>
  );
}
