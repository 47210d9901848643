// Generated from the API's OpenAPI document by `npm run generate:api`; do not edit.
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The server can serve: its etcd answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ready: boolean;
                            version: string;
                            store: {
                                revision?: number;
                                error?: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ready: boolean;
                            version: string;
                            store: {
                                revision?: number;
                                error?: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in (and the CSRF token of a cookie session) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                name: string;
                                readonly grants: {
                                    /** @enum {string} */
                                    role: "viewer" | "editor" | "publisher" | "admin";
                                    /** @description '' for everything, or a directory path ending in '/' */
                                    prefix: string;
                                }[];
                                createdAt: string;
                                updatedAt: string;
                                disabled: boolean;
                                /** @description send as If-Match to change the user only if unchanged */
                                modRevision: number;
                            };
                            /** @enum {string} */
                            via: "session" | "token";
                            /** @description send it as x-csrf-token on every change made with the cookie */
                            csrfToken?: string;
                            /** @description the API token, shown this once */
                            token?: string;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Sign in with a user name and password */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        user: string;
                        password: string;
                        /** @description ask for an API token (shown once) instead of a session cookie */
                        token?: {
                            /** @description what the token is for, e.g. "cli on laptop" */
                            name: string;
                            expiresInDays?: number;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                name: string;
                                readonly grants: {
                                    /** @enum {string} */
                                    role: "viewer" | "editor" | "publisher" | "admin";
                                    /** @description '' for everything, or a directory path ending in '/' */
                                    prefix: string;
                                }[];
                                createdAt: string;
                                updatedAt: string;
                                disabled: boolean;
                                /** @description send as If-Match to change the user only if unchanged */
                                modRevision: number;
                            };
                            /** @enum {string} */
                            via: "session" | "token";
                            /** @description send it as x-csrf-token on every change made with the cookie */
                            csrfToken?: string;
                            /** @description the API token, shown this once */
                            token?: string;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        /** Sign out (ends the cookie session) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every directory the caller may read */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            directories: {
                                name: string;
                                description: string;
                                readonly recipients: string[];
                                keyCount: number;
                                createdAt?: string;
                                createdBy?: string;
                                modRevision: number;
                                readonly extra: {
                                    [key: string]: unknown;
                                };
                                /** @description what the caller may do in this directory */
                                allowed: ("read" | "write" | "publish" | "admin")[];
                            }[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a directory with a description and the recipients its sensitive values are sealed to */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        description?: string;
                        /** @description names of registered public keys */
                        recipients?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            description: string;
                            readonly recipients: string[];
                            keyCount: number;
                            createdAt?: string;
                            createdBy?: string;
                            modRevision: number;
                            readonly extra: {
                                [key: string]: unknown;
                            };
                            /** @description what the caller may do in this directory */
                            allowed: ("read" | "write" | "publish" | "admin")[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directories/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A directory's metadata and key count */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            description: string;
                            readonly recipients: string[];
                            keyCount: number;
                            createdAt?: string;
                            createdBy?: string;
                            modRevision: number;
                            readonly extra: {
                                [key: string]: unknown;
                            };
                            /** @description what the caller may do in this directory */
                            allowed: ("read" | "write" | "publish" | "admin")[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a directory; refused while it holds keys unless ?force=true (then its keys go with it, as one change) */
        delete: {
            parameters: {
                query?: {
                    force?: "true" | "false";
                    message?: string;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            revision: number;
                            deletedKeys: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a directory's description or recipients; If-Match: its modRevision */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        recipients?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            description: string;
                            readonly recipients: string[];
                            keyCount: number;
                            createdAt?: string;
                            createdBy?: string;
                            modRevision: number;
                            readonly extra: {
                                [key: string]: unknown;
                            };
                            /** @description what the caller may do in this directory */
                            allowed: ("read" | "write" | "publish" | "admin")[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/directories/{name}/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The changes published in a directory, newest first (who, when, message, revision, keys) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description the id of the last change of the previous page */
                    before?: string;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changes: {
                                id: string;
                                directory: string;
                                user: string;
                                at: string;
                                message: string;
                                source: string;
                                from?: string;
                                revision: number;
                                keys: {
                                    key: string;
                                    /** @enum {string} */
                                    action: "put" | "delete";
                                    sealed: boolean;
                                }[];
                            }[];
                            next?: string;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/keys/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a key, or every key under a prefix ending in '/' */
        get: {
            parameters: {
                query?: {
                    revision?: number;
                };
                header?: never;
                path: {
                    /** @description the key, or a prefix ending in '/' to list */
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            key: string;
                            /** @description a sealed value is never shown; replace it with a new one */
                            sealed: boolean;
                            /** @description absent when sealed */
                            value?: string;
                            /** @description send as If-Match to change the key only if unchanged */
                            modRevision: number;
                            createRevision: number;
                            version: number;
                            /** @description absent when the value was written outside Setpoint */
                            setBy?: {
                                user: string;
                                at: string;
                                message: string;
                                source: string;
                            };
                        } | {
                            revision: number;
                            keys: {
                                key: string;
                                /** @description a sealed value is never shown; replace it with a new one */
                                sealed: boolean;
                                /** @description absent when sealed */
                                value?: string;
                                /** @description send as If-Match to change the key only if unchanged */
                                modRevision: number;
                                createRevision: number;
                                version: number;
                                /** @description absent when the value was written outside Setpoint */
                                setBy?: {
                                    user: string;
                                    at: string;
                                    message: string;
                                    source: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        /** Put a key (sealed when sensitive); If-Match: <mod_revision> to put only if unchanged (0: only if new) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the key, or a prefix ending in '/' to list */
                    "*": string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        value: string;
                        /** @description seal it with the directory's recipients; default: sealed if it is sealed now */
                        sensitive?: boolean;
                        message?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            key: string;
                            /** @description the revision of the change; the key's new mod_revision */
                            revision: number;
                            sealed: boolean;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a key; If-Match: <mod_revision> to delete only if unchanged */
        delete: {
            parameters: {
                query?: {
                    message?: string;
                };
                header?: never;
                path: {
                    /** @description the key, or a prefix ending in '/' to list */
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            key: string;
                            revision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directories/{name}/changesets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The change sets staged in a directory */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changesets: {
                                id: string;
                                createdBy: string;
                                createdAt: string;
                                message: string;
                                keys: number;
                            }[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Start a change set */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        message?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            directory: string;
                            createdBy: string;
                            createdAt: string;
                            message: string;
                            readonly changes: {
                                key: string;
                                /** @enum {string} */
                                action: "put" | "delete";
                                base: number;
                                current?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                staged?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                /** @description the key changed since it was staged: publishing would be refused */
                                conflict: boolean;
                                stagedBy: string;
                                stagedAt: string;
                            }[];
                            conflicts: number;
                            modRevision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directories/{name}/changesets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A change set and its diff against the current state (conflicts marked) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            directory: string;
                            createdBy: string;
                            createdAt: string;
                            message: string;
                            readonly changes: {
                                key: string;
                                /** @enum {string} */
                                action: "put" | "delete";
                                base: number;
                                current?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                staged?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                /** @description the key changed since it was staged: publishing would be refused */
                                conflict: boolean;
                                stagedBy: string;
                                stagedAt: string;
                            }[];
                            conflicts: number;
                            modRevision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Discard a change set */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directories/{name}/changesets/{id}/keys/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Stage a put (value, sensitive) or a delete of a key; If-Match: the revision the change is based on */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    id: string;
                    /** @description the key path inside the directory */
                    "*": string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @default put
                         * @enum {string}
                         */
                        action?: "put";
                        value: string;
                        sensitive?: boolean;
                    } | {
                        /** @enum {string} */
                        action: "delete";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            directory: string;
                            createdBy: string;
                            createdAt: string;
                            message: string;
                            readonly changes: {
                                key: string;
                                /** @enum {string} */
                                action: "put" | "delete";
                                base: number;
                                current?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                staged?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                /** @description the key changed since it was staged: publishing would be refused */
                                conflict: boolean;
                                stagedBy: string;
                                stagedAt: string;
                            }[];
                            conflicts: number;
                            modRevision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        /** Unstage what is staged for a key */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    id: string;
                    /** @description the key path inside the directory */
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            directory: string;
                            createdBy: string;
                            createdAt: string;
                            message: string;
                            readonly changes: {
                                key: string;
                                /** @enum {string} */
                                action: "put" | "delete";
                                base: number;
                                current?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                staged?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                /** @description the key changed since it was staged: publishing would be refused */
                                conflict: boolean;
                                stagedBy: string;
                                stagedAt: string;
                            }[];
                            conflicts: number;
                            modRevision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directories/{name}/changesets/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a change set as one change (409 KEY_CHANGED, nothing written, when a staged key changed) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        message?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            directory: string;
                            user: string;
                            at: string;
                            message: string;
                            source: string;
                            from?: string;
                            revision: number;
                            keys: {
                                key: string;
                                /** @enum {string} */
                                action: "put" | "delete";
                                sealed: boolean;
                            }[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/history/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A key's changes, or (path ending in '/') a directory's changes grouped by revision; newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description only changes before this revision (the previous page's next) */
                    before?: number;
                };
                header?: never;
                path: {
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            key: string;
                            entries: {
                                revision: number;
                                /** @enum {string} */
                                action: "put" | "delete";
                                sealed: boolean;
                                value?: string;
                                truncated: boolean;
                                at: string;
                                user?: string;
                                message?: string;
                                source?: string;
                            }[];
                            next?: number;
                        } | {
                            directory: string;
                            entries: {
                                revision: number;
                                at: string;
                                user?: string;
                                message?: string;
                                source?: string;
                                readonly keys: {
                                    key: string;
                                    /** @enum {string} */
                                    action: "put" | "delete";
                                    sealed: boolean;
                                }[];
                            }[];
                            next?: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What changed for a key or a prefix ending in '/' between two revisions (to: default now) */
        get: {
            parameters: {
                query: {
                    path: string;
                    from: number;
                    to?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            path: string;
                            from: number;
                            to: number;
                            entries: {
                                path: string;
                                /** @enum {string} */
                                change: "added" | "removed" | "changed";
                                before?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                after?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                            }[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put a key or a prefix ending in '/' back as it was at a revision, as a new change (dryRun: preview) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        path: string;
                        revision: number;
                        message?: string;
                        /** @default false */
                        dryRun?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: {
                                path: string;
                                /** @enum {string} */
                                change: "added" | "removed" | "changed";
                                before?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                after?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                            }[];
                            change?: {
                                id: string;
                                directory: string;
                                user: string;
                                at: string;
                                message: string;
                                source: string;
                                from?: string;
                                revision: number;
                                keys: {
                                    key: string;
                                    /** @enum {string} */
                                    action: "put" | "delete";
                                    sealed: boolean;
                                }[];
                            };
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How directory 'to' differs from 'from' (paths relative to each; before: to's value, after: from's) */
        get: {
            parameters: {
                query: {
                    from: string;
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: string;
                            to: string;
                            entries: {
                                path: string;
                                /** @enum {string} */
                                change: "added" | "removed" | "changed";
                                before?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                after?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                            }[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/copy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Copy directory 'from' into 'to' as one change (paths: only these; prune: delete what 'from' lacks; dryRun: preview) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                        paths?: string[];
                        /** @default false */
                        prune?: boolean;
                        message?: string;
                        /** @default false */
                        dryRun?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: {
                                path: string;
                                /** @enum {string} */
                                change: "added" | "removed" | "changed";
                                before?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                after?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                            }[];
                            skipped: {
                                path: string;
                                reason: string;
                            }[];
                            change?: {
                                id: string;
                                directory: string;
                                user: string;
                                at: string;
                                message: string;
                                source: string;
                                from?: string;
                                revision: number;
                                keys: {
                                    key: string;
                                    /** @enum {string} */
                                    action: "put" | "delete";
                                    sealed: boolean;
                                }[];
                            };
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directories/{name}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The directory as a document; sealed values are left out and listed in omitted */
        get: {
            parameters: {
                query?: {
                    format?: "yaml" | "json" | "toml" | "env" | "properties";
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            format: string;
                            content: string;
                            omitted: string[];
                            revision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directories/{name}/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a document into the directory as one change (prune: delete keys it lacks, sealed ones excepted) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        format: "yaml" | "json" | "toml" | "env" | "properties";
                        content: string;
                        /** @default false */
                        prune?: boolean;
                        message?: string;
                        /** @default false */
                        dryRun?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: {
                                path: string;
                                /** @enum {string} */
                                change: "added" | "removed" | "changed";
                                before?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                after?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                            }[];
                            change?: {
                                id: string;
                                directory: string;
                                user: string;
                                at: string;
                                message: string;
                                source: string;
                                from?: string;
                                revision: number;
                                keys: {
                                    key: string;
                                    /** @enum {string} */
                                    action: "put" | "delete";
                                    sealed: boolean;
                                }[];
                            };
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every user, by name (admin on everything) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            users: {
                                name: string;
                                readonly grants: {
                                    /** @enum {string} */
                                    role: "viewer" | "editor" | "publisher" | "admin";
                                    /** @description '' for everything, or a directory path ending in '/' */
                                    prefix: string;
                                }[];
                                createdAt: string;
                                updatedAt: string;
                                disabled: boolean;
                                /** @description send as If-Match to change the user only if unchanged */
                                modRevision: number;
                            }[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a user with a password and grants (admin on everything) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description 1 to 64 lowercase letters, digits, '-', '_' or '.' */
                        name: string;
                        /** @description at least 12 characters; never shown again */
                        password: string;
                        /** @default [] */
                        grants?: {
                            /** @enum {string} */
                            role: "viewer" | "editor" | "publisher" | "admin";
                            /** @description '' for everything, or a directory path ending in '/' */
                            prefix: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            readonly grants: {
                                /** @enum {string} */
                                role: "viewer" | "editor" | "publisher" | "admin";
                                /** @description '' for everything, or a directory path ending in '/' */
                                prefix: string;
                            }[];
                            createdAt: string;
                            updatedAt: string;
                            disabled: boolean;
                            /** @description send as If-Match to change the user only if unchanged */
                            modRevision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One user (admin on everything, or the user themself) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the user name */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            readonly grants: {
                                /** @enum {string} */
                                role: "viewer" | "editor" | "publisher" | "admin";
                                /** @description '' for everything, or a directory path ending in '/' */
                                prefix: string;
                            }[];
                            createdAt: string;
                            updatedAt: string;
                            disabled: boolean;
                            /** @description send as If-Match to change the user only if unchanged */
                            modRevision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a user with their tokens and sessions (admin on everything); If-Match honoured */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the user name */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a user's grants or disabled state (admin on everything); If-Match honoured */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the user name */
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description replaces every grant of the user */
                        grants?: {
                            /** @enum {string} */
                            role: "viewer" | "editor" | "publisher" | "admin";
                            /** @description '' for everything, or a directory path ending in '/' */
                            prefix: string;
                        }[];
                        /** @description true: cannot sign in, sessions end, tokens stop working */
                        disabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            readonly grants: {
                                /** @enum {string} */
                                role: "viewer" | "editor" | "publisher" | "admin";
                                /** @description '' for everything, or a directory path ending in '/' */
                                prefix: string;
                            }[];
                            createdAt: string;
                            updatedAt: string;
                            disabled: boolean;
                            /** @description send as If-Match to change the user only if unchanged */
                            modRevision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/users/{name}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a user's password (admin on everything, or the user themself with the current one); ends their sessions */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the user name */
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the new password (at least 12 characters) */
                        password: string;
                        /** @description the password now; needed to change your own unless you are an admin on everything */
                        currentPassword?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            readonly grants: {
                                /** @enum {string} */
                                role: "viewer" | "editor" | "publisher" | "admin";
                                /** @description '' for everything, or a directory path ending in '/' */
                                prefix: string;
                            }[];
                            createdAt: string;
                            updatedAt: string;
                            disabled: boolean;
                            /** @description send as If-Match to change the user only if unchanged */
                            modRevision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your API tokens; an admin on everything may ask for a user's (?owner=) or all (?all=true) */
        get: {
            parameters: {
                query?: {
                    /** @description another user's tokens (admin on everything) */
                    owner?: string;
                    /** @description 'true': every user's tokens (admin on everything) */
                    all?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tokens: {
                                /** @description the token's id: the SHA-256 (hex) of the token, as listed */
                                id: string;
                                owner: string;
                                name: string;
                                createdAt: string;
                                /** @description recorded at most once a minute */
                                lastUsedAt?: string;
                                expiresAt?: string;
                                /** @description the token this request was made with */
                                current: boolean;
                            }[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an API token for yourself; the answer shows it once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description where the token is used, e.g. "ci deploy" */
                        name: string;
                        /** @description no expiry when absent */
                        expiresInDays?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the token (spt_...), shown this once: store it now */
                            token: string;
                            /** @description the token's id: the SHA-256 (hex) of the token, as listed */
                            id: string;
                            owner: string;
                            name: string;
                            createdAt: string;
                            expiresAt?: string;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token: your own, or anyone’s as an admin on everything */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the token's id: the SHA-256 (hex) of the token, as listed */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit log entries, newest first (admin on everything) */
        get: {
            parameters: {
                query?: {
                    /** @description entries per page (1 to 1000) */
                    limit?: number;
                    /** @description the previous page's next: entries older than it */
                    before?: string;
                    /** @description only this user's entries (or 'anonymous') */
                    who?: string;
                    /** @description only this action, e.g. 'token.create'; ending in '.', a family: 'user.' */
                    action?: string;
                    /** @description only entries about what starts with this: a key, 'hack/', a user name */
                    where?: string;
                    /** @description only entries that ended so */
                    outcome?: "success" | "failure" | "denied";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: {
                                id: string;
                                when: string;
                                /** @description the user name, or 'anonymous' */
                                who: string;
                                /** @description e.g. login, user.create, token.revoke */
                                action: string;
                                /** @description the key, directory or user concerned */
                                where: string;
                                /** @description the client address */
                                from: string;
                                /** @enum {string} */
                                outcome: "success" | "failure" | "denied";
                                detail?: {
                                    [key: string]: string | number | boolean | null;
                                };
                                /** @description the etcd revision it was written at: a change's own revision */
                                revision?: number;
                            }[];
                            /** @description pass as before for the next page; null on the last page */
                            next: string | null;
                            /** @description entries looked at for this page (more than it holds when filtered) */
                            scanned: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live status of every agent unit, for the directories you may read
         * @description Each unit of each running agent: the directory it follows, the revision it applied, the hash of the file, its health and last error. A stopped or dead agent disappears (its status is bound to its lease). The `agent` events of GET /api/v1/events say when a status changes.
         */
        get: {
            parameters: {
                query?: {
                    /** @description only units following this directory or one below it, e.g. 'hack' (a trailing '/' is ignored) */
                    directory?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agents: {
                                /** @description the agent name (its host name unless configured) */
                                agent: string;
                                unit: string;
                                /** @description the directory the unit follows, e.g. 'hack' */
                                directory: string;
                                /** @description the file it writes */
                                output: string | null;
                                /** @description starting, healthy, failed or waiting-for-etcd */
                                state: string;
                                healthy: boolean;
                                /** @description the directory revision the file was rendered from */
                                appliedRevision: number | null;
                                /** @description sha256:<hex> of the file applied */
                                contentHash: string | null;
                                seenRevision: number | null;
                                failedRevision: number | null;
                                /** @description why the last revision failed; never holds a secret */
                                lastError: string | null;
                                rolledBack: boolean | null;
                                etcdConnected: boolean | null;
                                updatedAt: string | null;
                                host: string | null;
                                pid: number | null;
                                version: string | null;
                                /** @description the etcd revision the status was last written at */
                                revision: number;
                            }[];
                            /** @description the etcd revision the statuses were read at */
                            revision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live updates as server-sent events: key changes, agent status, backup progress
         * @description A text/event-stream. Events (each `data` is JSON):
         *     - `ready` {revision, since, user}: the stream is open; events after `revision` follow.
         *     - `change` {key, type: put|delete, revision, directory}: a key you may read changed. Never the value.
         *     - `agent` {type: status, agent, unit, directory, state, healthy, appliedRevision, contentHash, lastError, updatedAt, ...} or {type: gone, agent, unit, directory, revision}: a unit of a directory you may read.
         *     - `backup` {operation, id, backup, phase, keys, totalKeys, bytes, totalBytes, done, outcome, error}: progress of a backup, verification or restore on this server (admins only).
         *     - `reset` {revision, reason}: the stream could not resume exactly (etcd compacted the revisions): read your views again.
         *     - `signed-out` {reason}: the token was revoked, the session ended or the user was disabled; the stream ends.
         *     The `id` of the last event of each revision is that revision; reconnecting with Last-Event-ID (or ?since=)
         *     resumes after it while etcd still holds the revisions. A `: heartbeat` comment comes every 15 s.
         */
        get: {
            parameters: {
                query?: {
                    /** @description resume after this revision (the id of the last event received); the Last-Event-ID header, which EventSource sends on reconnect, wins over it */
                    since?: number;
                    /** @description end the stream after this many seconds (for scripts and curl); default: never */
                    timeout?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description a text/event-stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the backups in the target, usable or not, and what the delta segments reach */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            target: string;
                            readonly backups: {
                                id: string;
                                /** @enum {string} */
                                status: "usable" | "incomplete" | "damaged";
                                usable: boolean;
                                createdAt: string | null;
                                revision: number | null;
                                keyCount: number | null;
                                bytes: number | null;
                                prefixes: string[] | null;
                                encrypted: boolean | null;
                                /** @description why it cannot be used */
                                problem: string | null;
                            }[];
                            deltas: {
                                segments: number;
                                fromRevision: number | null;
                                /** @description restores reach up to this revision */
                                toRevision: number | null;
                                bytes: number;
                            };
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Make a full backup now; answers when it is written, with its manifest
         * @description Progress goes to the `backup` events of GET /api/v1/events. Encrypted to the recipients serve uses. One at a time per server: a second request while one runs is refused (409 BACKUP_RUNNING).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description optional: only these prefixes (default everything, _setpoint/ included) */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description key prefixes, e.g. ['hack/']; '' or none: everything */
                        prefixes?: string[];
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            format: string;
                            formatVersion: number;
                            id: string;
                            kind: string;
                            /** @description the etcd revision every key was read at */
                            revision: number;
                            keyCount: number;
                            /** @description bytes as stored (compressed, maybe encrypted) */
                            bytes: number;
                            uncompressedBytes: number;
                            sha256: string;
                            md5?: string;
                            prefixes: string[];
                            createdAt: string;
                            setpointVersion: string;
                            /** @description key ids of the recipients, when encrypted */
                            encryptedTo?: string[];
                            data: string;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The schedule and retention in effect, the next full backup, and what the running service applies */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schedule: string;
                            retention: string | null;
                            /**
                             * @description 'stored' (set here) or 'serve' (serve's flags)
                             * @enum {string}
                             */
                            source: "stored" | "serve";
                            nextRun: string | null;
                            /** @description send as If-Match to change the settings only if unchanged; 0: none stored */
                            modRevision: number;
                            stored: {
                                schedule: string;
                                retention: string;
                                updatedAt: string;
                                updatedBy: string;
                            } | null;
                            storedProblem: string | null;
                            defaults: {
                                schedule: string;
                                retention: string | null;
                            };
                            /** @description what the running backup service applies; null when none runs */
                            service: {
                                schedule: string;
                                retention: string | null;
                                /** @enum {string} */
                                source: "stored" | "serve";
                                appliedAt: string;
                                nextRun: string | null;
                                host: string;
                                pid: number;
                                problem: string | null;
                            } | null;
                            target: string;
                            deltaIntervalMs: number | null;
                            readonly encryptedTo: string[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        /** Set the schedule and retention (they replace serve's flags; the running service follows at once) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description cron, UTC, e.g. '0 3 * * *' */
                        schedule: string;
                        retention: string | {
                            keepLast?: number;
                            keepHourly?: number;
                            keepDaily?: number;
                            keepWeekly?: number;
                            keepMonthly?: number;
                            maxAgeDays?: number;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schedule: string;
                            retention: string | null;
                            /**
                             * @description 'stored' (set here) or 'serve' (serve's flags)
                             * @enum {string}
                             */
                            source: "stored" | "serve";
                            nextRun: string | null;
                            /** @description send as If-Match to change the settings only if unchanged; 0: none stored */
                            modRevision: number;
                            stored: {
                                schedule: string;
                                retention: string;
                                updatedAt: string;
                                updatedBy: string;
                            } | null;
                            storedProblem: string | null;
                            defaults: {
                                schedule: string;
                                retention: string | null;
                            };
                            /** @description what the running backup service applies; null when none runs */
                            service: {
                                schedule: string;
                                retention: string | null;
                                /** @enum {string} */
                                source: "stored" | "serve";
                                appliedAt: string;
                                nextRun: string | null;
                                host: string;
                                pid: number;
                                problem: string | null;
                            } | null;
                            target: string;
                            deltaIntervalMs: number | null;
                            readonly encryptedTo: string[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        /** Remove the stored settings: the running service goes back to serve's flags */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            schedule: string;
                            retention: string | null;
                            /**
                             * @description 'stored' (set here) or 'serve' (serve's flags)
                             * @enum {string}
                             */
                            source: "stored" | "serve";
                            nextRun: string | null;
                            /** @description send as If-Match to change the settings only if unchanged; 0: none stored */
                            modRevision: number;
                            stored: {
                                schedule: string;
                                retention: string;
                                updatedAt: string;
                                updatedBy: string;
                            } | null;
                            storedProblem: string | null;
                            defaults: {
                                schedule: string;
                                retention: string | null;
                            };
                            /** @description what the running backup service applies; null when none runs */
                            service: {
                                schedule: string;
                                retention: string | null;
                                /** @enum {string} */
                                source: "stored" | "serve";
                                appliedAt: string;
                                nextRun: string | null;
                                host: string;
                                pid: number;
                                problem: string | null;
                            } | null;
                            target: string;
                            deltaIntervalMs: number | null;
                            readonly encryptedTo: string[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One backup's manifest */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a backup id, e.g. 20261130T030000Z-r48213 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            format: string;
                            formatVersion: number;
                            id: string;
                            kind: string;
                            /** @description the etcd revision every key was read at */
                            revision: number;
                            keyCount: number;
                            /** @description bytes as stored (compressed, maybe encrypted) */
                            bytes: number;
                            uncompressedBytes: number;
                            sha256: string;
                            md5?: string;
                            prefixes: string[];
                            createdAt: string;
                            setpointVersion: string;
                            /** @description key ids of the recipients, when encrypted */
                            encryptedTo?: string[];
                            data: string;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/backups/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Read every byte of a backup and check it against its manifest
         * @description A damaged or incomplete backup answers 200 with ok: false, its code and the problem. Encrypted backups: the bytes are checked, not the records (the server holds no private key).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a backup id, e.g. 20261130T030000Z-r48213 */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            ok: boolean;
                            /** @description records read; null when encrypted (the server holds no private key) */
                            keys: number | null;
                            bytes: number | null;
                            /** @description BACKUP_CORRUPT or BACKUP_INCOMPLETE when not ok */
                            code: string | null;
                            problem: string | null;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore from the backups: the plan (a dry run, by default), or the plan applied
         * @description Lists what would be added, changed and (with prune) removed — key names and sizes, never values; sealed values are restored still sealed. With dryRun: false it writes the changes in compare-and-swap transactions: a key changed meanwhile stops the restore (409 RESTORE_CONFLICT). Keys bound to a lease (agent status) are neither restored nor removed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description start from this backup; alone: restore it as it was */
                        backup?: string;
                        /** @description a revision (48213) or an ISO 8601 time; none: the newest state recorded */
                        at?: number | string;
                        /** @description key prefixes, e.g. ['hack/']; '' or none: everything */
                        prefixes?: string[];
                        /**
                         * @description also remove keys that did not exist at that point
                         * @default false
                         */
                        prune?: boolean;
                        /**
                         * @description only say what would change (the default)
                         * @default true
                         */
                        dryRun?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            backup: string;
                            revision: number;
                            deltaSegments: number;
                            dryRun: boolean;
                            added: number;
                            changed: number;
                            removed: number;
                            written: number;
                            /** @description the first 1000 changes */
                            readonly changes: {
                                /** @enum {string} */
                                kind: "add" | "change" | "remove";
                                key: string;
                                /** @description size of the value written; values are never shown */
                                bytes: number;
                                /** @description the value is a sealed value (restored still sealed) */
                                sealed: boolean;
                            }[];
                            truncated: boolean;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every chart of the catalogue with its metadata and versions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            charts: {
                                name: string;
                                metadata: {
                                    repositoryName: string;
                                    repository: string;
                                    chartName: string;
                                    logoImage: string;
                                    description: string;
                                };
                                importedAt: string;
                                importedBy: string;
                                /** @description oldest first */
                                readonly versions: {
                                    version: string;
                                    readonly flavors: string[];
                                    importedAt: string;
                                    importedBy: string;
                                    modRevision: number;
                                }[];
                            }[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Import a template repository: a .tar.gz body (application/gzip), or JSON {files: {path: text}}; every issue at once, nothing stored when one is found */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            chart: string;
                            readonly versions: {
                                version: string;
                                readonly flavors: string[];
                                replaced: boolean;
                            }[];
                            revision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/{chart}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A chart's metadata and versions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    chart: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            metadata: {
                                repositoryName: string;
                                repository: string;
                                chartName: string;
                                logoImage: string;
                                description: string;
                            };
                            importedAt: string;
                            importedBy: string;
                            /** @description oldest first */
                            readonly versions: {
                                version: string;
                                readonly flavors: string[];
                                importedAt: string;
                                importedBy: string;
                                modRevision: number;
                            }[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/{chart}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version of a chart: its flavors */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    chart: string;
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            chart: string;
                            version: string;
                            importedAt: string;
                            importedBy: string;
                            modRevision: number;
                            flavors: {
                                name: string;
                                valueCount: number;
                                sensitiveCount: number;
                                readme: string;
                            }[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/catalog/{chart}/versions/{version}/flavors/{flavor}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One flavor: every value with its description, default, type, patterns, cluster resources and extras; its readme */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    chart: string;
                    version: string;
                    flavor: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            chart: string;
                            version: string;
                            flavor: string;
                            readme: string;
                            values: {
                                /** @description the key below the directory, segments joined by '/' (storage/swift/authurl) */
                                path: string;
                                /** @description the path as the template file writes it */
                                writtenPath: string;
                                /** @description the default of the flavor's config file */
                                default: (string | boolean | number) | (string | boolean | number)[];
                                /** @description the flavor's value: its values file's when it sets one, else the default */
                                value: (string | boolean | number) | (string | boolean | number)[];
                                /**
                                 * @description the type the rendered file gets
                                 * @enum {string}
                                 */
                                type: "string" | "boolean" | "integer" | "number" | "array";
                                /**
                                 * @description an array's items' type; its items are the keys PATH/0, PATH/1 ...
                                 * @enum {string}
                                 */
                                itemType?: "string" | "boolean" | "integer" | "number";
                                description: string;
                                clusterResources?: string;
                                /** @description every pattern must match the whole value (RE2 syntax) */
                                readonly regex: string[];
                                required?: boolean;
                                readonly enum?: (string | boolean | number)[];
                                min?: number;
                                max?: number;
                                minLength?: number;
                                maxLength?: number;
                                /** @description the value is sealed */
                                sensitive?: boolean;
                                label?: string;
                                group?: string;
                            }[];
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directories/{name}/template": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The template a directory was made from, with every value's spec (a UI validates with them as you type) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            directory: string;
                            template: {
                                chart: string;
                                version: string;
                                flavor: string;
                            };
                            readme: string;
                            values: {
                                /** @description the key below the directory, segments joined by '/' (storage/swift/authurl) */
                                path: string;
                                /** @description the path as the template file writes it */
                                writtenPath: string;
                                /** @description the default of the flavor's config file */
                                default: (string | boolean | number) | (string | boolean | number)[];
                                /** @description the flavor's value: its values file's when it sets one, else the default */
                                value: (string | boolean | number) | (string | boolean | number)[];
                                /**
                                 * @description the type the rendered file gets
                                 * @enum {string}
                                 */
                                type: "string" | "boolean" | "integer" | "number" | "array";
                                /**
                                 * @description an array's items' type; its items are the keys PATH/0, PATH/1 ...
                                 * @enum {string}
                                 */
                                itemType?: "string" | "boolean" | "integer" | "number";
                                description: string;
                                clusterResources?: string;
                                /** @description every pattern must match the whole value (RE2 syntax) */
                                readonly regex: string[];
                                required?: boolean;
                                readonly enum?: (string | boolean | number)[];
                                min?: number;
                                max?: number;
                                minLength?: number;
                                maxLength?: number;
                                /** @description the value is sealed */
                                sensitive?: boolean;
                                label?: string;
                                group?: string;
                            }[];
                            /** @description the directory record's revision */
                            modRevision: number;
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Make a directory from a chart's flavor as one change: defaults, then the flavor's values, then yours, validated as a whole (dryRun: preview) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        chart: string;
                        version: string;
                        flavor: string;
                        /** @description your values: nested as the rendered file ({"storage": {"swift": {...}}}) or flat by path */
                        values?: {
                            [key: string]: unknown;
                        };
                        /** @description more values as 'path=value' (as --set), after values */
                        set?: string[];
                        /** @description when the directory is made by this request: the recipients its sensitive values are sealed to */
                        recipients?: string[];
                        /** @description when the directory is made by this request */
                        description?: string;
                        message?: string;
                        /** @default false */
                        dryRun?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            directory: string;
                            template: {
                                chart: string;
                                version: string;
                                flavor: string;
                            };
                            entries: {
                                path: string;
                                /** @enum {string} */
                                change: "added" | "removed" | "changed";
                                before?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                after?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                            }[];
                            /** @description the directory was made by this request */
                            created: boolean;
                            change?: {
                                id: string;
                                directory: string;
                                user: string;
                                at: string;
                                message: string;
                                source: string;
                                from?: string;
                                revision: number;
                                keys: {
                                    key: string;
                                    /** @enum {string} */
                                    action: "put" | "delete";
                                    sealed: boolean;
                                }[];
                            };
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directories/{name}/template/upgrade": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a directory to another version of its chart as one change: changed defaults follow, values a user set are kept (dryRun: preview) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        version: string;
                        message?: string;
                        /** @default false */
                        dryRun?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            directory: string;
                            from: {
                                chart: string;
                                version: string;
                                flavor: string;
                            };
                            to: {
                                chart: string;
                                version: string;
                                flavor: string;
                            };
                            /** @description how the flavor's values differ between the two versions */
                            defaults: {
                                path: string;
                                /** @enum {string} */
                                change: "added" | "removed" | "changed";
                                before?: (string | boolean | number) | (string | boolean | number)[];
                                after?: (string | boolean | number) | (string | boolean | number)[];
                                sensitive: boolean;
                            }[];
                            /** @description values left as they are (set by a user, sealed, ...), and why */
                            kept: {
                                path: string;
                                reason: string;
                            }[];
                            /** @description what the upgrade changes in the directory */
                            entries: {
                                path: string;
                                /** @enum {string} */
                                change: "added" | "removed" | "changed";
                                before?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                                after?: {
                                    sealed: boolean;
                                    value?: string;
                                    modRevision?: number;
                                };
                            }[];
                            /** @description a dry run: what the directory would break in the new version (applying is refused then) */
                            problems?: {
                                path: string;
                                reason: string;
                                description: string;
                                readonly regex?: string[];
                            }[];
                            change?: {
                                id: string;
                                directory: string;
                                user: string;
                                at: string;
                                message: string;
                                source: string;
                                from?: string;
                                revision: number;
                                keys: {
                                    key: string;
                                    /** @enum {string} */
                                    action: "put" | "delete";
                                    sealed: boolean;
                                }[];
                            };
                        };
                    };
                };
                /** @description an error */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
                /** @description an error */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description stable code, e.g. KEY_CHANGED */
                                code: string;
                                /** @description what was wrong, where, and what to do */
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
