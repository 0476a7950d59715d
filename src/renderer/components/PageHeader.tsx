import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Icon } from './Icon';
import { Menu, type MenuItem } from './Menu';

/**
 * Every page's header, in the same place on every page: the title (focused after navigation),
 * a subtitle, the main actions (they wrap under the title in a narrow column), and secondary
 * actions that are buttons when there is room and a "More actions" menu when there is not.
 * `children` go under the title row, e.g. the page's tabs.
 */
export function PageHeader({
  title,
  subtitle,
  actions,
  more,
  children,
}: {
  title: string;
  subtitle?: string | undefined;
  actions?: ReactNode;
  more?: MenuItem[] | undefined;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const secondary = more?.filter(Boolean) ?? [];
  return (
    <header className="page-header">
      <div className="page-header__row">
        <div className="page-header__titles">
          <h1 tabIndex={-1} data-page-title>
            {title}
          </h1>
          {subtitle ? <p className="page-header__subtitle">{subtitle}</p> : null}
        </div>
        {actions || secondary.length ? (
          <div className="page-header__actions">
            {secondary.length ? (
              <>
                <div className="page-header__more-buttons">
                  {secondary.map((item) => (
                    <button
                      key={item.label}
                      type="button"
                      className={`button${item.danger ? ' button--danger' : ''}`}
                      disabled={item.disabled}
                      onClick={item.onSelect}
                    >
                      {item.label}
                    </button>
                  ))}
                </div>
                <div className="page-header__more-menu">
                  <Menu label={t('page.moreActions')} items={secondary}>
                    <Icon name="more" size={18} />
                  </Menu>
                </div>
              </>
            ) : null}
            {actions}
          </div>
        ) : null}
      </div>
      {children}
    </header>
  );
}
