import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];
type Metadata = ReturnType<Lookup>;
type Grouped = ReturnType<Storage['groupByPropertyName']>;

const CACHED = Symbol.for('zapgate.validationMetadataCache');

/**
 * Makes class-validator's metadata lookups cached, once per process. On every object it validates
 * (each request body and each nested object), class-validator's `getTargetValidationMetadatas`
 * walks the metadata of every decorated class there is (an `instanceof` per class, for inherited
 * rules) and `groupByPropertyName` regroups the result: with the hundreds of DTOs of both dialects
 * that was the largest part of a request's validation (profile of `bench/send-text`). The answer
 * depends only on the class and the options, and changes only when metadata is added (a class
 * decorated later, a schema registered): then the cache is emptied. Results are shared, which
 * holds because class-validator only reads them. What is validated, and how, stays the same.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const tagged = storage as Storage & { [CACHED]?: true };
  if (tagged[CACHED]) return;
  tagged[CACHED] = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  let cache = new Map<unknown, Map<string, Metadata>>();
  let grouped = new WeakMap<Metadata, Grouped>();
  const clear = () => {
    cache = new Map();
    grouped = new WeakMap();
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const options = `${schema}\n${always}\n${strictGroups}\n${groups ? JSON.stringify(groups) : ''}`;
    let byOptions = cache.get(target);
    if (!byOptions) cache.set(target, (byOptions = new Map()));
    let found = byOptions.get(options);
    if (!found) byOptions.set(options, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let found = grouped.get(metadata);
    if (!found) grouped.set(metadata, (found = group(metadata)));
    return found;
  };
  const addMetadata = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    clear();
    addMetadata(metadata);
  };
  const addSchema = storage.addValidationSchema.bind(storage);
  storage.addValidationSchema = (schema) => {
    clear();
    addSchema(schema);
  };
}
