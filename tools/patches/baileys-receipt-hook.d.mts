export declare const BAILEYS_VERSION: string;
export declare const MARKER: string;
export declare const EDITS: Record<string, { find: string; replace: string }[]>;
export declare function patchText(file: string, text: string): string;
export declare function applyPatch(root: string, options?: { check?: boolean }): string[];
