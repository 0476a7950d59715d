import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

/** What a section shows when it has nothing yet: what it is for, and the next step. */
export function EmptyState(props: { icon: IconName; title: string; body: string; action?: ReactNode; hint?: string }) {
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <div className="empty-state__badge">
        <Icon name={props.icon} size={36} />
      </div>
      <h2 id="empty-title">{props.title}</h2>
      <p>{props.body}</p>
      {props.action ? <div className="empty-state__actions">{props.action}</div> : null}
      {props.hint ? <p className="empty-state__hint">{props.hint}</p> : null}
    </section>
  );
}
