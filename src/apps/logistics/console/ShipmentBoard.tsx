// The board of the shipments this node takes part in: one group per plan with a count per state, each order titled by
// where it goes and what it carries (the order id in its details), long state groups folded, and the steps this node's
// part allows — all of a plan's orders in a state at once, or one order (commit or decline, progress, receipt).
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { shipmentStates, stockCategories, type ShipmentState } from '../../../model/codes.ts';
import { ErrorBox, Loading, useAction } from '../../../../web/src/components/common.tsx';
import { codeLabel, formatDateTime, joinLabels, useLang } from '../../../../web/src/i18n/index.ts';
import { useConsole } from '../../../../web/src/state.tsx';
import { logisticsApi, type StoredShipment } from './api.ts';
import { useNamedPerson } from './named-person.ts';
import { amountText } from './quantity.ts';
import { PlaceName } from './PlaceName.tsx';
import { namedPlace } from './place-labels.ts';
import { BULK_NEXT, boardByPlan, foldedGroup, itemsPhrase, suppliedBy, type PlanGroup, type StateGroup } from './shipment-board.ts';

const NEXT: Partial<Record<ShipmentState, ('dispatched' | 'in-transit' | 'delivered')[]>> = { committed: ['dispatched'], dispatched: ['in-transit', 'delivered'], 'in-transit': ['delivered'] };

type Lang = 'ja' | 'en';

/** An order's items in words: "食料 120 食", the first two lines and how many more. */
function useItemsOf() {
  const { t } = useTranslation();
  const lang = useLang();
  return (s: StoredShipment) =>
    itemsPhrase(
      s.shipment.lines,
      (l) => `${codeLabel(stockCategories, l.category, lang)} ${amountText(l.quantity, l.unit, lang)}`,
      (n) => t('logistics.moreItems', { count: n }),
      (parts) => joinLabels(parts, lang),
    );
}

const destinationOf = (s: StoredShipment, lang: Lang) => namedPlace(s.shipment.to, s.places?.to, lang);

export function ShipmentBoard({ changed }: { changed: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const itemsOf = useItemsOf();
  const [items, setItems] = useState<StoredShipment[]>();
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    logisticsApi.shipments().then((s) => setItems(s.items), setError);
  }, [changed, tick]);
  const plans = items === undefined ? [] : boardByPlan(items, (s) => `${destinationOf(s, lang).text}\u0000${itemsOf(s)}`);
  return (
    <section className="card" aria-labelledby="logistics-board">
      <h2 id="logistics-board">{t('logistics.board')}</h2>
      <ErrorBox error={error} />
      {items === undefined ? (
        error === undefined && <Loading />
      ) : items.length === 0 ? (
        <p>{t('logistics.noShipments')}</p>
      ) : (
        plans.map((p) => <PlanOrders key={p.planId} plan={p} onChanged={() => setTick((n) => n + 1)} />)
      )}
    </section>
  );
}

function PlanOrders({ plan, onChanged }: { plan: PlanGroup; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { nodeName } = useConsole();
  const headingId = useId();
  // Kept here, not in the state's group: when every order moves on, the group it was said in is gone.
  const [result, setResult] = useState<string>();
  return (
    <section className="board-plan" aria-labelledby={headingId} data-testid="board-plan">
      <h3 id={headingId}>
        {t('logistics.boardPlan', { requester: nodeName(plan.requester), count: plan.total })}
        <span className="place-id">{t('logistics.boardPlanId', { plan: plan.planId, at: formatDateTime(plan.updatedAt, lang) })}</span>
      </h3>
      <p className="board-counts" data-testid="board-counts">
        {joinLabels(plan.states.map((s) => `${codeLabel(shipmentStates, s.state, lang)} ${s.shipments.length}`), lang)}
      </p>
      {result && <p role="status">{result}</p>}
      {plan.states.map((g) => (
        <StateOrders key={g.state} plan={plan} group={g} onChanged={onChanged} onResult={setResult} />
      ))}
    </section>
  );
}

function StateOrders({ plan, group, onChanged, onResult }: { plan: PlanGroup; group: StateGroup; onChanged: () => void; onResult: (text: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [unfolded, setUnfolded] = useState(false);
  const listId = useId();
  const { visible, hidden } = foldedGroup(group.shipments, unfolded);
  const label = codeLabel(shipmentStates, group.state, lang);
  return (
    <section className="board-state" aria-label={`${label} (${group.shipments.length})`} data-state={group.state}>
      <h4>
        {label} ({group.shipments.length})
      </h4>
      <BulkStep plan={plan} group={group} onChanged={onChanged} onResult={onResult} />
      <div className="board-orders" id={listId}>
        {visible.map((s) => (
          <ShipmentCard key={s.orderId} shipment={s} onChanged={onChanged} />
        ))}
      </div>
      {foldedGroup(group.shipments, false).hidden > 0 && (
        <button type="button" className="secondary" aria-expanded={unfolded} aria-controls={listId} onClick={() => setUnfolded(!unfolded)}>
          {unfolded ? t('logistics.foldOrders') : t('logistics.moreOrders', { count: hidden })}
        </button>
      )}
    </section>
  );
}

/**
 * A plan arrives as one order per line: the supplier commits or reports every order of the plan in this state at
 * once (the node still takes each in its own transaction and audits each).
 */
function BulkStep({ plan, group, onChanged, onResult }: { plan: PlanGroup; group: StateGroup; onChanged: () => void; onResult: (text: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { session } = useConsole();
  const { busy, error, run } = useAction();
  const { named, problem } = useNamedPerson();
  const action = BULK_NEXT[group.state];
  const count = suppliedBy(group, session.node.id);
  if (action === undefined || count < 2) return null;
  const go = () => {
    const by = named();
    if (!by) return;
    void run(() => logisticsApi.actOnPlan(plan.planId, action, by), (r) => {
      onResult(t('logistics.bulkDone', { done: r.done.length, refused: r.refused.length }));
      onChanged();
    });
  };
  return (
    <div className="actions">
      <button type="button" disabled={busy} onClick={go}>
        {action === 'commit' ? t('logistics.bulkCommit', { count }) : t('logistics.bulkNext', { count, state: codeLabel(shipmentStates, action, lang) })}
      </button>
      {problem && <p className="error" role="alert">{problem}</p>}
      <ErrorBox error={error} />
    </div>
  );
}

function ShipmentCard({ shipment: s, onChanged }: { shipment: StoredShipment; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const itemsOf = useItemsOf();
  const { session, nodeName } = useConsole();
  const { busy, error, run } = useAction();
  const { named, problem } = useNamedPerson();
  const [reason, setReason] = useState('');
  const [counts, setCounts] = useState(s.shipment.lines.map((l) => ({ received: String(l.quantity), damaged: '0', lost: '0' })));
  const self = session.node.id;
  const to = destinationOf(s, lang);
  const from = namedPlace(s.shipment.from, s.places?.from, lang);
  const act = (fn: (by: string) => Promise<unknown>) => {
    const by = named();
    if (by) void run(() => fn(by), onChanged);
  };
  return (
    <article className="order-card" aria-label={`${to.text} — ${itemsOf(s)}`} data-testid="shipment-card">
      <p className="order-title" data-testid="shipment-title">
        <strong>{to.text}</strong> — <span>{itemsOf(s)}</span>
      </p>
      <p data-testid="shipment-from">
        {t('logistics.from')}: <PlaceName label={from} holder={nodeName(s.supplier)} />
      </p>
      <details>
        <summary>{t('logistics.orderDetails')}</summary>
        <p data-testid="shipment-to">
          {t('logistics.to')}: <PlaceName label={to} holder={nodeName(s.receiver)} />
        </p>
        <p className="place-id" data-testid="shipment-order">
          {t('logistics.order')} {s.orderId}
        </p>
        {s.shipment.lines.length > 2 && (
          <ul>
            {s.shipment.lines.map((l, i) => (
              <li key={i}>
                {codeLabel(stockCategories, l.category, lang)} {amountText(l.quantity, l.unit, lang)}
              </li>
            ))}
          </ul>
        )}
      </details>
      {problem && <p className="error" role="alert">{problem}</p>}
      <ErrorBox error={error} />
      {s.supplier === self && s.state === 'planned' && (
        <div className="actions">
          <button type="button" disabled={busy} onClick={() => act((by) => logisticsApi.commit(s.orderId, by))}>
            {t('logistics.commit')}
          </button>
          <label htmlFor={`reason-${s.orderId}`}>{t('logistics.reason')}</label>
          <input id={`reason-${s.orderId}`} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="button" disabled={busy || reason.trim() === ''} onClick={() => act((by) => logisticsApi.declineOrder(s.orderId, by, reason.trim()))}>
            {t('logistics.declineOrder')}
          </button>
        </div>
      )}
      {s.supplier === self && (NEXT[s.state] ?? []).length > 0 && (
        <div className="actions">
          {(NEXT[s.state] ?? []).map((next) => (
            <button key={next} type="button" disabled={busy} onClick={() => act((by) => logisticsApi.progress(s.orderId, next, by))}>
              {t('logistics.next', { state: codeLabel(shipmentStates, next, lang) })}
            </button>
          ))}
        </div>
      )}
      {s.receiver === self && s.state === 'delivered' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            act((by) => logisticsApi.receipt(s.orderId, counts.map((c, line) => ({ line, received: Number(c.received), damaged: Number(c.damaged), lost: Number(c.lost) })), by));
          }}
        >
          {counts.map((c, line) => (
            <fieldset key={line}>
              {(['received', 'damaged', 'lost'] as const).map((k) => (
                <span key={k} className="field">
                  <label htmlFor={`${s.orderId}-${line}-${k}`}>{t(`logistics.${k}`)}</label>
                  <input id={`${s.orderId}-${line}-${k}`} inputMode="decimal" size={6} value={c[k]} onChange={(e) => setCounts(counts.map((x, i) => (i === line ? { ...x, [k]: e.target.value } : x)))} />
                </span>
              ))}
            </fieldset>
          ))}
          <button type="submit" disabled={busy}>
            {t('logistics.receipt')}
          </button>
        </form>
      )}
    </article>
  );
}
