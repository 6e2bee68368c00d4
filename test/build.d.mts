/** Builds this process's compiled copy of the project and returns where it is (test/build.mjs). */
export function buildTests(): Promise<string>;
/** Removes a copy buildTests made. */
export function removeBuild(out: string): void;
