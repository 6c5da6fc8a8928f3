// The names Tsunagu's EDXL-RM messages use: the standard's namespaces and schema files, and the value lists
// (ValueListURN) under which Tsunagu's own codes travel in TypeStructure, Keyword, UnitOfMeasure and DeploymentStatus.
import type { RmMessageType } from './message.ts';

export const RM_MSG_NS = 'urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg';
export const RM_NS = 'urn:oasis:names:tc:emergency:EDXL:RM:1.0';
export const GEO_OASIS_NS = 'urn:oasis:names:tc:emergency:EDXL:HAVE:1.0:geo-oasis';
export const GML_NS = 'http://www.opengis.net/gml';

/** The OASIS schema files (data/edxl-rm/schema, sources in data/SOURCES.md); each message schema imports the others. */
export const RM_SCHEMA_DIR = new URL('../../../data/edxl-rm/schema/', import.meta.url);
export const rmSchemas: Readonly<Record<RmMessageType, URL>> = {
  RequestResource: new URL('edxl-rm/1.0/EDXL-RMRequestResource.xsd', RM_SCHEMA_DIR),
  CommitResource: new URL('edxl-rm/1.0/EDXL-RMCommitResource.xsd', RM_SCHEMA_DIR),
  ReportResourceDeploymentStatus: new URL('edxl-rm/1.0/EDXL-RMReportResourceDeploymentStatus.xsd', RM_SCHEMA_DIR),
};

/** EDXL-DE 1.0, the distribution envelope EDXL messages travel in (shipped for CAP, data/cap). */
export const EDXL_DE_SCHEMA = new URL('../../../data/cap/edxlde-1_0.xsd', import.meta.url);

const urn = (name: string) => `urn:tsunagu:edxl-rm:${name}`;

/** Tsunagu's value lists. The standard leaves resource typing to "any value from a discrete managed list". */
export const valueLists = {
  /** TypeStructure: the item category (model code list stockCategories). */
  category: urn('stock-category'),
  /** UnitOfMeasure: the unit (stockUnits). */
  unit: urn('stock-unit'),
  /** DeploymentStatus: the shipment state. */
  shipmentState: urn('shipment-state'),
  itemNameJa: urn('item-name-ja'),
  itemNameEn: urn('item-name-en'),
  itemNameKana: urn('item-name-kana'),
  demandOrigin: urn('demand-origin'),
  requestedBy: urn('requested-by'),
  destination: urn('destination'),
  origin: urn('origin'),
  supplier: urn('supplier'),
  areaCode: urn('area-code'),
  priority: urn('priority'),
  freeFrom: urn('free-from'),
  demand: urn('demand'),
  lot: urn('lot'),
  expiresOn: urn('expires-on'),
  received: urn('received'),
  damaged: urn('damaged'),
  lost: urn('lost'),
  receivedLot: urn('received-lot'),
  receivedExpiresOn: urn('received-expires-on'),
} as const;
