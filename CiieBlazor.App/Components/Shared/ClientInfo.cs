namespace CiieBlazor.App.Components.Shared;

/// <summary>Facts about the browser of this circuit, captured from its first HTTP request.</summary>
public sealed record ClientInfo(string Address);
