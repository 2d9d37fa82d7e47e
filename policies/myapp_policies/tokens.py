"""The resource type tokens the rules read, as the engine sends them (written out, never
imported from a provider SDK: the pack must start fast and stay independent of the program)."""

VERCEL_PROJECT = "vercel:index/project:Project"
VERCEL_PROJECT_ROUTE = "vercel:index/projectRoute:ProjectRoute"
VERCEL_PROJECT_DOMAIN = "vercel:index/projectDomain:ProjectDomain"
VERCEL_ENV_VARIABLE = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable"
VERCEL_ENV_VARIABLES = "vercel:index/projectEnvironmentVariables:ProjectEnvironmentVariables"

CLOUDFLARE_ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting"
CLOUDFLARE_RULESET = "cloudflare:index/ruleset:Ruleset"
CLOUDFLARE_DNS_RECORD = "cloudflare:index/dnsRecord:DnsRecord"

RAILWAY_PREFIX = "railway:index:"
RAILWAY_PROJECT = RAILWAY_PREFIX + "Project"
RAILWAY_SERVICE = RAILWAY_PREFIX + "Service"
RAILWAY_SERVICE_INSTANCE = RAILWAY_PREFIX + "ServiceInstance"
RAILWAY_VARIABLES = RAILWAY_PREFIX + "VariableCollection"
RAILWAY_CUSTOM_DOMAIN = RAILWAY_PREFIX + "CustomDomain"
