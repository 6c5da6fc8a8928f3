// The common disaster data model: schemas, vocabularies, codes and validation. Depends on nothing else in Tsunagu.
export * from './labels.ts';
export * from './codes.ts';
export * from './area-code.ts';
export * from './geo.ts';
export * from './common.ts';
export * from './participant.ts';
export * from './shelter.ts';
export * from './facility.ts';
export * from './person.ts';
export * from './declaration.ts';
export * from './stock.ts';
export * from './demand.ts';
export * from './vehicle.ts';
export * from './road-segment.ts';
export * from './shipment.ts';
export * from './record.ts';
export * from './validate.ts';
