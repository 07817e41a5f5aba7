locals {
  app_name = "catalog"
  port     = 8080
}

data "aws_ssm_parameter" "sentry_dsn_version" {
  name = "/catalog/sentry-version"
}

resource "aws_ecs_task_definition" "catalog" {
  family                   = local.app_name
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 512
  memory                   = 1024
  task_role_arn            = "arn:aws:iam::123456789012:role/catalog"

  container_definitions = <<DEFS
[
  {
    "name": "${local.app_name}",
    "image": "example/catalog:${var.image_tag}",
    "essential": true,
    "cpu": 256,
    "memoryReservation": 512,
    "portMappings": [{"containerPort": ${local.port}, "protocol": "tcp"}],
    "environment": [
      {"name": "SENTRY_RELEASE", "value": "${data.aws_ssm_parameter.sentry_dsn_version.value}"},
      {"name": "CLUSTER", "value": "${var.cluster_name}"}
    ],
    "stopTimeout": ${data.aws_ssm_parameter.sentry_dsn_version.version},
    "mountPoints": [{"sourceVolume": "data", "containerPath": "/data"}]
  }
]
DEFS

  volume {
    name = "data"
    efs_volume_configuration {
      file_system_id     = "fs-0abc"
      root_directory     = "/catalog"
      transit_encryption = "ENABLED"
    }
  }

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
}

resource "aws_lb_target_group" "catalog" {
  name        = "catalog"
  port        = local.port
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = "vpc-123"

  health_check {
    path                = "/healthz"
    interval            = 15
    timeout             = 4
    healthy_threshold   = 3
    unhealthy_threshold = 2
  }
}

resource "aws_ecs_service" "catalog" {
  name            = local.app_name
  cluster         = var.cluster_name
  task_definition = aws_ecs_task_definition.catalog.arn
  desired_count   = var.desired_count

  deployment_maximum_percent         = 200
  deployment_minimum_healthy_percent = 50

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.catalog.arn
    container_name   = local.app_name
    container_port   = local.port
  }

  ordered_placement_strategy {
    type  = "spread"
    field = "attribute:ecs.availability-zone"
  }

  network_configuration {
    subnets         = ["subnet-1", "subnet-2"]
    security_groups = ["sg-1"]
  }
}

resource "aws_appautoscaling_target" "catalog" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${var.cluster_name}/${aws_ecs_service.catalog.name}"
  min_capacity       = 2
  max_capacity       = 6
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "catalog-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.catalog.service_namespace
  scalable_dimension = aws_appautoscaling_target.catalog.scalable_dimension
  resource_id        = aws_appautoscaling_target.catalog.resource_id

  target_tracking_scaling_policy_configuration {
    target_value = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
