// What tells an admin something needs them: an action group mailing the admin address, alerts on
// dead letters, SLA breaches, failing functions and the support page being down, and a workbook of
// the pipeline (intake per channel, queue depth, triage-to-assigned latency, SLA compliance). The
// SLA and intake figures are the app's own metrics (meter "Support", exported by the worker's
// OpenTelemetry to Application Insights as customMetrics).

@description('Location of the availability test (alerts and action groups are global).')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Environment name, part of the alert names.')
param environmentName string

@description('Where the alerts go.')
param adminEmail string

@description('Application Insights component the app reports to.')
param appInsightsName string

@description('Log Analytics workspace the Service Bus metrics go to (queue depth in the workbook).')
param workspaceId string

@description('Service Bus namespace whose dead-letter counts are watched.')
param serviceBusName string

@description('The public support page the availability test loads.')
param supportPageUrl string

@description('SLA breaches in one hour above which the admins are alerted.')
param slaBreachesPerHourThreshold int

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusName
}

resource admins 'Microsoft.Insights/actionGroups@2024-10-01-preview' = {
  name: 'ag-${environmentName}-admins'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'support'
    enabled: true
    emailReceivers: [
      {
        name: 'admin'
        emailAddress: adminEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

// One alert per queue (split by EntityName): a dead letter is a message nobody will handle until replayed.
resource deadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${environmentName}-dead-letters'
  location: 'global'
  tags: tags
  properties: {
    description: 'A Service Bus queue has dead letters: look at them and replay (infra/README.md, "Dead letters").'
    severity: 1
    enabled: true
    scopes: [
      namespace.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    actions: [
      {
        actionGroupId: admins.id
      }
    ]
  }
}

resource functionFailures 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${environmentName}-function-failures'
  location: 'global'
  tags: tags
  properties: {
    description: 'Function invocations failed (a request or a queue message); see Application Insights > Failures.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'failed-requests'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [
      {
        actionGroupId: admins.id
      }
    ]
  }
}

resource slaBreaches 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${environmentName}-sla-breaches'
  location: location
  tags: tags
  properties: {
    description: 'More SLA breaches in the last hour than the threshold.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT1H'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "support.sla.breaches" | summarize breaches = sum(valueSum)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'breaches'
          operator: 'GreaterThan'
          threshold: slaBreachesPerHourThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        admins.id
      ]
    }
  }
}

resource supportPageTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: 'webtest-${environmentName}-support-page'
  location: location
  // The portal shows a web test under the component it is linked to by this tag.
  tags: union(tags, {
    'hidden-link:${appInsights.id}': 'Resource'
  })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: 'webtest-${environmentName}-support-page'
    Name: 'Support page'
    Description: 'Loads the public support page from three regions every 5 minutes.'
    Enabled: true
    Frequency: 300
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    Locations: [
      {
        Id: 'emea-nl-ams-azr'
      }
      {
        Id: 'emea-gb-db3-azr'
      }
      {
        Id: 'us-va-ash-azr'
      }
    ]
    Request: {
      RequestUrl: supportPageUrl
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource supportPageDown 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${environmentName}-support-page-down'
  location: 'global'
  tags: tags
  properties: {
    description: 'The public support page failed to load from two or more test locations.'
    severity: 1
    enabled: true
    scopes: [
      supportPageTest.id
      appInsights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: supportPageTest.id
      componentId: appInsights.id
      failedLocationCount: 2
    }
    actions: [
      {
        actionGroupId: admins.id
      }
    ]
  }
}

var workbookContent = {
  version: 'Notebook/1.0'
  items: [
    {
      type: 1
      content: {
        json: '## Support pipeline\nIntake per channel, queue depth, triage-to-assigned latency and SLA compliance. The figures are the app\'s own metrics (meter "Support"): no personal data, tickets by reference only.'
      }
    }
    {
      type: 3
      content: {
        version: 'KqlItem/1.0'
        title: 'Inquiries accepted per channel (hourly)'
        query: 'customMetrics | where name == "support.inquiries.accepted" | extend channel = tostring(customDimensions["channel"]) | summarize inquiries = sum(valueSum) by channel, bin(timestamp, 1h) | render timechart'
        queryType: 0
        resourceType: 'microsoft.insights/components'
        visualization: 'timechart'
      }
    }
    {
      type: 3
      content: {
        version: 'KqlItem/1.0'
        title: 'Queue depth (active and dead-lettered messages)'
        query: 'AzureMetrics | where ResourceProvider == "MICROSOFT.SERVICEBUS" and MetricName in ("ActiveMessages", "DeadletteredMessages") | summarize messages = max(Maximum) by MetricName, bin(TimeGenerated, 5m) | render timechart'
        queryType: 0
        resourceType: 'microsoft.operationalinsights/workspaces'
        crossComponentResources: [
          workspaceId
        ]
        visualization: 'timechart'
      }
    }
    {
      type: 3
      content: {
        version: 'KqlItem/1.0'
        title: 'Triage to assigned (seconds, hourly average and max)'
        query: 'customMetrics | where name == "support.triage_to_assigned" | summarize average = sum(valueSum) / sum(valueCount), slowest = max(valueMax) by bin(timestamp, 1h) | render timechart'
        queryType: 0
        resourceType: 'microsoft.insights/components'
        visualization: 'timechart'
      }
    }
    {
      type: 3
      content: {
        version: 'KqlItem/1.0'
        title: 'SLA compliance (1 - breaches per accepted inquiry, daily)'
        query: 'customMetrics | where name in ("support.sla.breaches", "support.inquiries.accepted") | summarize breaches = sumif(valueSum, name == "support.sla.breaches"), inquiries = sumif(valueSum, name == "support.inquiries.accepted") by bin(timestamp, 1d) | extend compliance = iff(inquiries == 0, 1.0, max_of(0.0, 1.0 - breaches / inquiries)) | project timestamp, compliance | render timechart'
        queryType: 0
        resourceType: 'microsoft.insights/components'
        visualization: 'timechart'
      }
    }
  ]
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, environmentName, 'support-pipeline-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'Support pipeline (${environmentName})'
    category: 'workbook'
    sourceId: appInsights.id
    serializedData: string(workbookContent)
  }
}
