namespace Support.Adapters; internal static class Placeholder { }
