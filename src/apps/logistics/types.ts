// The logistics application's answers as plain types, shared by its routes and its console page (which may import
// nothing else of the application): needs, plan lines, plans, shipments and their transitions.
import type { Demand, LonLat, PlaceRef, RoadSegment, Shipment, ShipmentState, StockCategory, StockUnit, Text, VehicleClass } from '../../model/index.ts';

/** A need to serve: a demand value, who receives it (the node owning the destination), and its id in the plan. */
export interface NeedLine {
  id: string;
  receiver: string;
  demand: Demand;
}

/** One line of a plan: so much of one supplier's stock line to one destination for one need. */
export interface PlanLine {
  line: number;
  supplier: string;
  stockId: string;
  stockVersion: number;
  depot: PlaceRef;
  receiver: string;
  destination: PlaceRef;
  areaCode: string;
  demandId: string;
  category: StockCategory;
  unit: StockUnit;
  quantity: number;
  proposedQuantity: number;
  minutes: number;
  route: string[];
  /** Which logistics firm's vehicles carry it, when the plan modelled transport capacity. */
  transport?: PlanTransport;
  editedBy?: string;
}

/** The vehicles assigned to a plan line: the firm, its vehicle record, the class, and the trips the line takes. */
export interface PlanTransport {
  /** The logistics firm's node. */
  operator: string;
  /** Its vehicle record (a fleet of `count` vehicles of one class). */
  vehicle: string;
  vehicleClass: VehicleClass;
  /** One vehicle's loads this line fills (by weight or volume, whichever is more); fractions share a trip. */
  trips: number;
  /** One trip's cycle: base → depot → destination → base, with loading and unloading (a ship's or aircraft's round trip). */
  tripMinutes: number;
  /** A ship or aircraft carries the line; absent: road vehicles. */
  mode?: 'sea' | 'air';
}

export type PlanState = 'proposed' | 'approved' | 'declined';

export interface StoredPlan {
  id: string;
  state: PlanState;
  proposedAt: string;
  inputs: Record<string, unknown>;
  result: Record<string, unknown>;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
}

export interface Transition {
  state: ShipmentState;
  at: string;
  by: string;
  node: string;
  detail?: Record<string, unknown>;
}

/** A shipment as one node keeps it, whichever part the node plays in it. */
export interface StoredShipment {
  orderId: string;
  planId: string;
  requester: string;
  supplier: string;
  receiver: string;
  areaCode: string;
  stockId: string;
  stockVersion: number;
  state: ShipmentState;
  shipment: Shipment;
  /** The names of the depot and the destination as the plan knew them, so every party's board shows names. */
  places?: ShipmentPlaceNames;
  dispatchedAt?: string;
  updatedAt: string;
}

/** Names of a shipment's two places (`from` the depot, `to` the destination); either is absent when unknown. */
export interface ShipmentPlaceNames {
  from?: Text;
  to?: Text;
}

/** A plan as the console shows it: its sentences already rendered in the reader's language. */
export interface PlanSentences {
  destinations: { destination: string; isolated?: string; deliveries: { line?: number; texts: string[] }[] }[];
  shortages: string[];
  optimality: string;
  notes: string[];
}

/**
 * A depot or destination the plan considered, where it is, and (for a destination) whether no open road reaches it
 * from any depot: stored with the plan (`result.places`) so its map draws what the plan saw, not today's records.
 */
export interface PlanPlace {
  role: 'depot' | 'destination';
  /** The supplier's node (depot) or the receiver's node (destination). */
  node: string;
  place: PlaceRef;
  /** [lon, lat] WGS84; absent when the record gave no location. */
  at?: LonLat;
  /** A destination no open road reaches from any depot: it needs air or sea delivery. */
  isolated?: true;
  /** The facility's or shelter's name, where its node released it. */
  name?: Text;
}

/** A logistics firm's fleet whose capacity a plan respected (`result.fleets`), named for its explanation. */
export interface PlanFleet {
  /** The key the explanation uses: `node|vehicle record id`. */
  key: string;
  operator: string;
  vehicle: string;
  vehicleClass: VehicleClass;
  count: number;
  kg: number;
  litres?: number;
  name?: Text;
  /** The name of the depot its vehicles start from. */
  baseName?: Text;
  /** A ship or aircraft: its mode, the port or airfield it loads at, and its landing points' names in record order. */
  mode?: 'sea' | 'air';
  loadsAtName?: Text;
  landingNames?: Text[];
}

export interface PlanView {
  plan: StoredPlan;
  lines: PlanLine[];
  sentences?: PlanSentences;
  /** The plan's depots and destinations (plans proposed before places were stored have none). */
  places?: PlanPlace[];
}

export interface MissingNodeView {
  node: string;
  dataset: string;
  reason: string;
  detail: string;
  code?: string;
}

export interface NeedsView {
  needs: NeedLine[];
  missing: MissingNodeView[];
  answered: { node: string; dataset: string; count: number }[];
  /**
   * The nodes that released counts of persons requiring care per shelter (aggregates), with the cells they withheld
   * as too small; the nodes that refused are in `missing` (dataset `persons`).
   */
  care?: CareCountSourceView[];
  /** Names of the shelters the needs and the withheld care cells mention, by shelter id (a shelter its node did not name is absent). */
  shelterNames?: Record<string, Text>;
  /** Names of the area codes the needs carry (local government codes, P-codes), by code; an unknown code is absent. */
  areaNames?: Record<string, Text>;
}

/** What one node released of the care counts (care-counts.ts). */
export interface CareCountSourceView {
  node: string;
  shelters: number;
  minimumCellSize: number;
  withheld: { shelterId: string; need: string }[];
  tableWithheld: boolean;
  groupedBy?: string[];
}

export interface StockView {
  node: string;
  id: string;
  version: number;
  data: { heldAt: PlaceRef; areaCode: string; item: { category: StockCategory }; quantity: number; reserved?: number; shippable?: number; unit: StockUnit };
}

/** A road segment as a node answered it under supply-logistics. */
export interface RoadSegmentView {
  node: string;
  id: string;
  version: number;
  data: RoadSegment;
}

export interface SuppliesSummaryView {
  stock: StockView[];
  roadSegments: RoadSegmentView[];
  /** Per node and dataset (stock, vehicles, road segments), how many records it gave. */
  answered: { node: string; dataset: string; count: number }[];
  missing: MissingNodeView[];
}

export type { Shipment };

/** One line of an EDXL-RM RequestResource file as the console previews it before it is taken in. */
export interface PreviewLine {
  elementId: string;
  category: string;
  /** The item's own name, when the message gave one. */
  name?: Text;
  quantity: number;
  unit: string;
  destination: PlaceRef;
  areaCode: string;
  /** The area's name from the node's code tables, when it knows the code. */
  areaName?: Text;
  neededBy: string;
  priority: string;
  freeFrom?: string[];
}

/** One RequestResource of a previewed file: its id, sender, recall and lines. */
export interface PreviewMessage {
  messageId: string;
  sentAt: string;
  /** Who sent it, as its ContactInformation describes them. */
  contact?: string;
  recall?: { messageId: string; type: 'update' | 'cancel' };
  lines: PreviewLine[];
}

/** What the import did (or would do) with each message of a file; an answer also says its type and the request it answers. */
export interface RmImportResult {
  messages: { messageId: string; result: 'stored' | 'updated' | 'cancelled' | 'unchanged'; lines: number; requestIds: string[]; withdrawn: string[]; type?: string; answers?: string }[];
}

/** What taking the file in would do now: each message's result, or the refusal that would leave everything as it is. */
export type ImportForecast =
  | ({ ok: true } & RmImportResult)
  | { ok: false; code: string; detail: string; errors?: { path: string; message: string }[] };

/** What an answer (or the answers so far) says of a requested line: its state, in the requesting node's words. */
export type AnswerLineState = 'committed' | 'declined' | 'provisional' | 'dispatched' | 'in-transit' | 'delivered' | 'received';

/** A line of a request this node sent, as it asked: element, item, unit, quantity, area (with its name when known). */
export interface RequestedLine {
  elementId: string;
  category: string;
  unit: string;
  quantity: number;
  areaCode: string;
  areaName?: Text;
}

/** One line of an answer file: what it says of which requested line. */
export interface AnswerPreviewLine {
  elementId: string;
  /** PrecedingResourceInfoElementID: the requested line, or the commitment line a status line follows. */
  respondsTo?: string;
  state: AnswerLineState;
  /** When it says so: the answer's sending time for a commitment, the reported time for a status. */
  at: string;
  quantity?: number;
  unit?: string;
  reason?: string;
  receipt?: { received: number; damaged: number; lost: number };
  /** The requested line it concerns, when this node sent the request and the line names one of its lines. */
  requested?: RequestedLine;
}

/** A request this node sent, as an answer or the console names it. */
export interface SentRequestRef {
  messageId: string;
  sentTo?: string;
  recipient: string;
  sentAt: string;
  sentBy: string;
}

/** One CommitResource or ReportResourceDeploymentStatus of a previewed file. */
export interface AnswerPreview {
  messageId: string;
  type: 'CommitResource' | 'ReportResourceDeploymentStatus';
  sentAt: string;
  contact?: string;
  /** The MessageIDs it says it answers (OriginatingMessageID, and a CommitResource's PrecedingMessageID). */
  names: string[];
  /** The request this node sent under one of those MessageIDs, when there is one. */
  request?: SentRequestRef;
  lines: AnswerPreviewLine[];
}

/** What the answers so far say of a requested line, in its unit. */
export interface SentLineCounts {
  committed: number;
  declined: number;
  inTransit: number;
  delivered: number;
  received: number;
  provisional: number;
}

/** A requested line whose counts an import of answers would change: before and after. */
export interface SentLineChange extends RequestedLine {
  request: string;
  before: SentLineCounts;
  after: SentLineCounts;
}

/** The answer of `POST /operator/logistics/requests/edxl-rm/preview`. */
export interface RequestFilePreview {
  /** What the import takes the file as, decided as it decides: by the first message's type. */
  kind: 'requests' | 'answers';
  /** The RequestResource messages. */
  messages: PreviewMessage[];
  /** The CommitResource and ReportResourceDeploymentStatus messages. */
  answers: AnswerPreview[];
  forecast: ImportForecast;
  /** Answers: the requested lines the import would change, before and after. */
  changes: SentLineChange[];
}

/** An answer this node received to a request it sent (`GET /operator/logistics/edxl-rm/sent/{messageId}/answers`). */
export interface ReceivedAnswerView {
  messageId: string;
  type: 'CommitResource' | 'ReportResourceDeploymentStatus';
  /** A participant, or operator:console for a file the operator imported. */
  sender: string;
  receivedAt: string;
  receivedBy: string;
  lines: { elementId: string; request: string; state: AnswerLineState; at: string; quantity: number; unit: string; reason?: string; received?: number }[];
}

/** A request this node sent and what the answers say of each line (`GET /operator/logistics/edxl-rm/sent`). */
export interface SentRequestView extends SentRequestRef {
  answers: number;
  lines: (Omit<RequestedLine, 'areaName'> & SentLineCounts)[];
}
