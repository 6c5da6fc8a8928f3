// The alerts application's answers as the console reads them (pure types; the console may import this module).

/** Whether the console offers "start the lives-to-save list" for an alert, and how. */
export type LifelineLink =
  | { kind: 'hazard'; href: string }
  | { kind: 'declaration'; declarationId: string; href: string }
  /** Exercises and tests never start a real list; a real alert without geometry needs a declaration a person issued. */
  | { kind: 'not-offered'; reason: 'exercise' | 'no-declaration' };

/** One municipality's figures in a situation report, each linked to the node it came from. */
export interface ReportMunicipality {
  code: string;
  names: string[];
  /** Its name in Japanese and English from the node's code tables (absent in reports drafted before it was added). */
  name?: { ja?: string; en?: string };
  maxIntensity?: string;
  persons: { node: string; count: number }[];
  safety: Record<string, number>;
  shelters: { node: string; count: number }[];
  openShelters: number;
  evacuees: number;
}

/** One item a municipality still lacks after the latest supply plan, with the needs (shelters at their nodes) it sums. */
export interface ReportUnmetItem {
  category: string;
  unit: string;
  unmet: number;
  needed: number;
  needs: { needId: string; node: string; destination: { type: string; id: string }; origin: string; unmet: number }[];
}

/** One item a municipality needs when there is no plan, with the needs (shelters at their nodes, requests) it sums. */
export interface ReportNeededItem {
  category: string;
  unit: string;
  needed: number;
  needs: { needId: string; node: string; destination: { type: string; id: string }; origin: string; quantity: number }[];
}

/** One item needed in the report's areas against the stock known at every node that released its stock. */
export interface ReportStockItem {
  category: string;
  unit: string;
  neededInAreas: number;
  neededEverywhere: number;
  knownStock: number;
  short: number;
  holders: { node: string; quantity: number }[];
}

/**
 * The report's unmet needs, as the node's logistics application gives them (capability `logistics.unmet-needs`
 * version 2): absent on a node without logistics, the latest plan's figures per municipality while it stands, else the
 * open needs against the stock known. `no-plan` is what reports drafted with version 1 said before any plan.
 */
export type ReportUnmetNeeds =
  | { state: 'not-installed' }
  /** An exercise or test report with no standing plan: needs and stock are shared for supply logistics, not for training, so none were gathered. */
  | { state: 'not-for-exercise' }
  | { state: 'no-plan' }
  | {
      state: 'needs-against-stock';
      /** No plan was proposed, or the latest was declined. */
      why: 'no-plan' | 'latest-declined';
      declinedPlanId?: string;
      computedAt: string;
      /** The console's logistics page, where needs and stock are shown. */
      href: string;
      municipalities: { code: string; items: ReportNeededItem[] }[];
      items: ReportStockItem[];
      sources: { node: string; dataset: string; count: number }[];
      missing: { node: string; dataset: string; reason: string }[];
    }
  | { state: 'failed'; message: string }
  | {
      state: 'plan';
      planId: string;
      planState: 'proposed' | 'approved';
      proposedAt: string;
      decidedAt?: string;
      /** The console's logistics page, where the plan is shown. */
      href: string;
      municipalities: { code: string; items: ReportUnmetItem[] }[];
      sources: { node: string; dataset: string; count: number }[];
    };

/** A situation report draft: what stood at `at` in the chosen areas, and the figures the nodes gave when drafted. */
export interface SituationReportBody {
  status: string;
  areas: string[];
  /** The moment the alerts are taken at (alerts in force then). */
  at: string;
  /** When the persons and shelters were asked for (the federated query runs when the draft is made). */
  figuresAt: string;
  purpose: string;
  alerts: { id: string; sender: string; sent: string; kinds: string[]; severity: string; headline?: string; event?: string; areaCodes: string[] }[];
  municipalities: ReportMunicipality[];
  sources: { node: string; dataset: string; count: number }[];
  missing: { node: string; dataset: string; reason: string; message: string }[];
  /** Absent in reports drafted before the section existed. */
  unmetNeeds?: ReportUnmetNeeds;
}

export type SituationReportApproval = { state: 'draft' } | { state: 'approved'; by: string; at: string };

export interface SituationReport {
  id: string;
  draftedAt: string;
  draftedBy: string;
  approval: SituationReportApproval;
  body: SituationReportBody;
}

/** One alert in force as the console's list shows it. */
export interface AlertSummaryView {
  id: string;
  format: string;
  status: string;
  kinds: string[];
  severity: string;
  urgency: string;
  event?: string;
  headline?: string;
  sender: string;
  sent: string;
  expires?: string;
  areaCodes: string[];
  hasGeometry: boolean;
}

export interface AlertsInForceView {
  status: string;
  at: string;
  items: AlertSummaryView[];
}

export interface NamedMunicipalityView {
  code: string;
  names: string[];
  /** Its name in Japanese and English from the node's code tables, when they know it. */
  name?: { ja?: string; en?: string };
  maxIntensity?: string;
}

/** What the console reads of one stored alert (the record's payload, as far as the page shows it). */
export interface AlertDetailView {
  record: {
    id: string;
    sourceNode: string;
    data: {
      status: string;
      kinds: string[];
      severity: string;
      headline?: string;
      event?: string;
      sent: string;
      signature: { state: string };
      jma?: { tsunami: { code: string; name: string; grade: string; expectedArrival?: string; expectedHeight?: string }[] };
    };
  };
  inForce: boolean;
  municipalities: NamedMunicipalityView[];
}

export interface AlertPeopleView {
  alertId: string;
  purpose: string;
  generatedAt: string;
  municipalities: ReportMunicipality[];
  persons: { node: string; recordId: string; areaCode?: string; safety?: string; needs?: string[] }[];
  shelters: { node: string; recordId: string; name?: string; areaCode?: string; openStatus?: string; evacuees?: number }[];
  answered: { node: string; dataset: string; count: number; withheld?: string[] }[];
  missing: { node: string; dataset: string; reason: string; message: string; code?: string }[];
  notOffered: { node: string; dataset: string }[];
  lifeline: LifelineLink;
  /** A declaration prepared from the alert, for a person to check and issue. */
  declaration: DeclarationProposalView;
}

export type DeclarationProposalView =
  | { kind: 'proposed'; hazard: string; phase: 'alert' | 'emergency'; areas: string[]; href: string }
  | { kind: 'not-offered'; reason: 'exercise' | 'not-in-force' | 'no-areas' };

/** One municipality on the map's alert layer: everything the alerts in force of one picture say about it. */
export interface AlertMapPlace {
  code: string;
  /** Its name from the points table or the boundaries, then the names the alerts give the areas covering it. */
  names: string[];
  /** Its name in Japanese and, where known, English (areaName), for labels. */
  label?: { ja?: string; en?: string };
  /**
   * Where its label and clicks go, [lon, lat]: its representative point where the points table knows it, else its
   * area's label point; absent when neither table knows the code (listed beside the map as not drawn).
   */
  at?: [number, number];
  /** Present when the municipality has a bundled boundary: the prefecture (01–47) whose file holds its area. */
  area?: { prefecture: string };
  severity: 'extreme' | 'severe' | 'moderate' | 'minor' | 'unknown';
  kinds: string[];
  maxIntensity?: string;
  tsunami?: { grade: string; name: string; expectedArrival?: string; expectedHeight?: string };
  alerts: { id: string; sent: string; severity: string; kinds: string[]; headline?: string }[];
}

export interface AlertMapView {
  status: string;
  at: string;
  places: AlertMapPlace[];
  /** Where the representative points come from, and which municipalities they cover. */
  points: { source: string; coverage: string };
  /** Where the boundaries come from, and what they cover. */
  boundaries: { source: string; coverage: string };
}

/** One event of the situation's timeline, newest first, each with the console link to its record. */
export type TimelineEvent =
  | { kind: 'alert'; change: 'issued' | 'updated' | 'cancelled'; at: string; id: string; text: string; severity: string; state: string; href: string }
  | { kind: 'declaration'; at: string; id: string; hazard: string; phase: string; areas: string[]; issuer: string; title: { ja?: string; en?: string }; href: string }
  | { kind: 'report'; change: 'drafted' | 'approved'; at: string; id: string; by: string; areas: string[]; href: string };

export interface TimelineView {
  status: string;
  items: TimelineEvent[];
}

/** A subscription this node holds at another node for its alerts. */
export interface HeldAlertSubscription {
  provider: string;
  id: string;
  purpose: string;
  /** With a polygon: the municipalities whose representative points lie inside it. */
  areas: string[];
  byPolygon?: true;
  expiresAt: string;
}

export interface AlertSubscriptionsView {
  items: HeldAlertSubscription[];
  unreachable: { provider: string; detail: string }[];
}

/** A municipality (or a designated city's ward, or the whole jurisdiction) a situation report may be drafted for. */
export interface ReportAreaChoiceView {
  code: string;
  name: { ja?: string; en?: string };
  /** For a ward: its designated city. */
  city?: string;
  /** One of the jurisdiction's own areas: the whole of it. */
  whole?: true;
}

export interface ReportAreasView {
  jurisdiction: string[];
  areas: ReportAreaChoiceView[];
}
