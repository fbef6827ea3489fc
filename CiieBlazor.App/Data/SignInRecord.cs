namespace CiieBlazor.App.Data;

/// <summary>How one sign-in attempt ended (登录结果).</summary>
public enum SignInOutcome
{
    /// <summary>登录成功</summary>
    Succeeded,
    /// <summary>密码错误</summary>
    WrongPassword,
    /// <summary>账号已锁定 — refused while locked, or locked by this attempt</summary>
    LockedOut,
    /// <summary>账号不存在 — kept for the operators, shown to nobody's history</summary>
    UnknownUser,
    /// <summary>账号不允许登录</summary>
    NotAllowed,
}

/// <summary>One sign-in attempt through the login page (登录记录): when, from where, with which browser, and how it ended.</summary>
public sealed class SignInRecord
{
    public const int MaxUserNameLength = 100;
    public const int MaxClientAddressLength = 64;
    public const int MaxUserAgentLength = 512;

    public long Id { get; set; }
    /// <summary>The account tried; null when the name matched no account.</summary>
    public string? UserId { get; set; }
    public string UserName { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string ClientAddress { get; set; } = "";
    public string UserAgent { get; set; } = "";
    public SignInOutcome Outcome { get; set; }
}
