namespace GridForge.Matching.Tests.Model;

public enum CommandType
{
    Submit,
    Amend,
    Cancel,
    CloseGate,
}
