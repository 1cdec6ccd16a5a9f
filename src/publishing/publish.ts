// Publishing lives beside the store it writes through; seeds, the CLI and the admin API import it from here.
export { publishPack, PublishRefusedError, publishProblems } from './pack-store.repository';
