namespace GridForge.Node.Api;

/// <summary>An event a transaction or an end-of-block hook emitted: its module, its kind and its attributes (every value a string).</summary>
// The API writes events with EventJson (one writer for the store, the API and the streams); this record is their shape in the document.
public sealed record EventResponse(string Module, string Kind, IReadOnlyDictionary<string, string> Attributes);

/// <summary>One encoded, signed transaction in hexadecimal.</summary>
public sealed record SubmitRequest(string Tx);

/// <summary>Several encoded transactions, admitted in order.</summary>
public sealed record SubmitBatchRequest(IReadOnlyList<string> Txs);

/// <summary>The mempool's answer to one submitted transaction.</summary>
public sealed record SubmitResponse(string? Hash, bool Accepted, string? Code, string? Message);

/// <summary>An account's balance of one token, in µ-units.</summary>
public sealed record TokenBalance(ulong Free, ulong Reserved);

/// <summary>An account as the API shows it. <c>Nonce</c> is the next in the state at <c>Height</c>; <c>PendingNonce</c> the next after
/// the account's transactions waiting in this node's mempool (the one to sign with now, so as not to collide with them).</summary>
public sealed record AccountResponse(string Address, ulong Nonce, TokenBalance Grid, TokenBalance Watt, ulong Height, ulong PendingNonce);

/// <summary>A transaction's status: pending, committed (with height and outcome), rejected, or unknown.</summary>
public sealed record TxStatusResponse(string Hash, string Status, ulong? Height, int? Index, bool? Success, string? Code, string? Message,
    System.Text.Json.JsonElement? Events);

/// <summary>A block header in JSON.</summary>
public sealed record HeaderResponse(string ChainId, ulong Height, long Time, string Hash, string PreviousHash, string TransactionsRoot,
    string StateRoot, string Proposer, string ValidatorSetHash, string LastCommitHash, string EvidenceHash);

/// <summary>A block: its header, its transaction ids and the commit signatures it carries.</summary>
public sealed record BlockResponse(HeaderResponse Header, IReadOnlyList<string> Transactions, int LastCommitSignatures, int Evidence);

/// <summary>The node at a glance, with the fee a transaction needs now (tokens.min_fee, in µWATT).</summary>
public sealed record StatusResponse(string ChainId, bool DevChain, ulong Height, string? LatestHash, long? LatestTime, string StateRoot,
    int MempoolSize, string GenesisHash, IReadOnlyList<string> Validators, ulong MinFee);

/// <summary>A state value with a sparse-Merkle proof against the state root of <see cref="Height"/>.</summary>
public sealed record ProofResponse(string Address, string Token, string Key, string? Value, ulong Free, ulong Reserved, ulong Height,
    string StateRoot, string KeyHash, string? ValueHash, IReadOnlyList<string> Siblings, string? LeafKey, string? LeafValueHash);

/// <summary>The answer to a binary batch: how many were admitted, and each refused one by its index (a gateway
/// derives the ids of the admitted ones itself).</summary>
public sealed record BinaryBatchResponse(int Accepted, IReadOnlyList<BatchRejection> Rejected);

/// <summary>One refused transaction of a binary batch.</summary>
public sealed record BatchRejection(int Index, string? Hash, string Code, string Message);

/// <summary>A transaction of a block: who sent what, and its outcome.</summary>
public sealed record BlockTransactionResponse(string Hash, int Index, string Sender, ulong Nonce, ulong Fee, ulong Expiry, string Message, bool? Success,
    string? Code);

/// <summary>A transaction to simulate: its bytes in hexadecimal; with <see cref="Unsigned"/> its signature is not checked (any 64
/// bytes stand in for it), so a wallet can ask before it signs.</summary>
public sealed record SimulateRequest(string Tx, bool? Unsigned);

/// <summary>What the transaction would do in the next block on the latest durable state (<see cref="Height"/>): left out before
/// inclusion (<see cref="Included"/> false: no fee, its code and sentence), included and refused (the fee is paid, its code and
/// sentence), or included and successful with its events. Nothing was kept.</summary>
public sealed record SimulateResponse(string Hash, string Sender, ulong Height, long Time, bool Signed, bool Included, bool Success,
    string? Code, string? Message, ulong Fee, System.Text.Json.JsonElement Events);
