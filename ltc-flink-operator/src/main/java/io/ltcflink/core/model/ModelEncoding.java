package io.ltcflink.core.model;

/** The two forms of a model file: the same tree, readable or compact. */
public enum ModelEncoding {
    /** UTF-8 JSON, indented; numbers written so they read back exactly. */
    JSON,
    /** CBOR (RFC 8949) with its self-describe tag; doubles as 8-byte floats. */
    BINARY
}
