namespace Support.Web; internal static class Placeholder { }
