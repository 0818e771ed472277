/** FOCUS service names and categories of the AWS product codes a bill carries. */
const SERVICES: Record<string, [name: string, category: string]> = {
  AmazonEC2: ['Amazon Elastic Compute Cloud', 'Compute'],
  AmazonECS: ['Amazon Elastic Container Service', 'Compute'],
  AWSLambda: ['AWS Lambda', 'Compute'],
  AmazonS3: ['Amazon Simple Storage Service', 'Storage'],
  AmazonEBS: ['Amazon Elastic Block Store', 'Storage'],
  AmazonRDS: ['Amazon Relational Database Service', 'Databases'],
  AmazonDynamoDB: ['Amazon DynamoDB', 'Databases'],
  AmazonVPC: ['Amazon Virtual Private Cloud', 'Networking'],
  AWSDataTransfer: ['AWS Data Transfer', 'Networking'],
  AmazonCloudFront: ['Amazon CloudFront', 'Networking'],
  AmazonCloudWatch: ['AmazonCloudWatch', 'Management and Governance'],
  ComputeSavingsPlans: ['Savings Plans for AWS Compute usage', 'Compute'],
};

export function awsService(productCode: string): { name: string; category: string } {
  const known = SERVICES[productCode];
  return known ? { name: known[0], category: known[1] } : { name: productCode, category: 'Other' };
}
