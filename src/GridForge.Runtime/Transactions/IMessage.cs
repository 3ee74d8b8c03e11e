using GridForge.Core.Encoding;

namespace GridForge.Runtime.Transactions;

/// <summary>One module message: what a transaction asks the runtime to do.</summary>
public interface IMessage
{
    /// <summary>The owning module's id (see <see cref="ModuleIds"/>).</summary>
    byte Module { get; }

    /// <summary>The message type within its module.</summary>
    ushort Type { get; }

    /// <summary>Writes the message's fields in canonical form (the payload of the transaction).</summary>
    void Encode(CanonicalWriter writer);
}
